import type { ReactNode } from 'react';

/**
 * Form controls with their label, hint and error wired together (label for=, aria-describedby,
 * aria-invalid), so that every control is named and a screen reader reads its hint and error.
 */
interface FieldBase {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  disabled?: boolean;
}

function describedBy(id: string, hint: unknown, errors: string[] | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function HintAndErrors({ id, hint, errors }: Pick<FieldBase, 'id' | 'hint' | 'errors'>) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {errors?.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  id,
  label,
  hint,
  errors,
  disabled,
  value,
  onChange,
  type = 'text',
  required,
  readOnly,
  autoComplete = 'off',
  placeholder,
  min,
  max,
}: FieldBase & {
  value: string;
  onChange?: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'number' | 'search' | 'date';
  required?: boolean;
  readOnly?: boolean;
  autoComplete?: string;
  placeholder?: string;
  min?: number;
  max?: number;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onChange={onChange ? (event) => onChange(event.target.value) : undefined}
        required={required}
        readOnly={readOnly}
        disabled={disabled}
        autoComplete={autoComplete}
        placeholder={placeholder}
        min={min}
        max={max}
        spellCheck={false}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, hint, errors)}
      />
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function CheckboxField({
  id,
  label,
  hint,
  errors,
  disabled,
  checked,
  onChange,
}: FieldBase & { checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="field checkbox">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={describedBy(id, hint, errors)}
      />
      <label htmlFor={id}>{label}</label>
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

export interface Option<T extends string> {
  value: T;
  label: string;
}

export function SelectField<T extends string>({
  id,
  label,
  hint,
  errors,
  disabled,
  value,
  options,
  onChange,
}: FieldBase & { value: T; options: ReadonlyArray<Option<T>>; onChange: (value: T) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value as T)}
        aria-describedby={describedBy(id, hint, errors)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function RadioGroup<T extends string>({
  id,
  legend,
  value,
  options,
  onChange,
  disabled,
  hint,
}: {
  id: string;
  legend: string;
  value: T;
  options: ReadonlyArray<Option<T>>;
  onChange?: (value: T) => void;
  disabled?: boolean;
  hint?: ReactNode;
}) {
  return (
    <fieldset className="radio-group" aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <div className="field checkbox" key={option.value}>
          <input
            id={`${id}-${option.value}`}
            type="radio"
            name={id}
            value={option.value}
            checked={value === option.value}
            disabled={disabled}
            onChange={() => onChange?.(option.value)}
          />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </fieldset>
  );
}

import { Injectable } from '@nestjs/common';
import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ValidationFailedException } from './validation.pipe.js';

const NUL = '\u0000';
const MESSAGE = 'must not contain the NUL character (\\u0000)';
const KEY_MESSAGE = 'must not contain a key with the NUL character (\\u0000)';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere in an input would surface as a
 * database error (a 500) long after validation. Refuse it up front, naming the field, for every
 * resolver argument at once (GraphQL arguments arrive as `body` parameters).
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    // Fields are named as the validation pipe names them: relative to an input object, or by the
    // argument's own name for a plain string argument.
    const fields = findNulCharacters(value, typeof value === 'string' ? (metadata.data ?? '') : '');
    if (Object.keys(fields).length > 0) throw new ValidationFailedException(fields);
    return value;
  }
}

/**
 * Every path (dot-separated, as the validation pipe names fields) whose string or object key holds
 * a NUL. Walks with its own stack, not recursion, so a deeply nested value cannot overflow it.
 */
export function findNulCharacters(value: unknown, rootName: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: rootName }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) fields[path || 'input'] = [MESSAGE];
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: join(path, index) }));
    } else if (typeof current === 'object' && current !== null && !(current instanceof Date)) {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes(NUL)) fields[path || 'input'] = [KEY_MESSAGE];
        else pending.push({ value: item, path: join(path, key) });
      }
    }
  }
  return fields;
}

function join(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}

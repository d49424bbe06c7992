import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** Thrown for input that fails its class-validator rules; carries one list of messages per field. */
export class ValidationFailedException extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    const summary = Object.entries(fields)
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
      .join(', ');
    super(`Invalid input: ${summary}`);
    this.name = 'ValidationFailedException';
  }
}

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, into);
  }
}

/** Validates every resolver input; unknown properties are refused rather than silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const fields: Record<string, string[]> = {};
      collect(errors, '', fields);
      return new ValidationFailedException(fields);
    },
  });
}

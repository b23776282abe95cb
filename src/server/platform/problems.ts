// RFC 9457 problem details as the server writes them: one builder, one serialiser, and the
// mapping of zod issues to field errors (unknown fields are named one by one).
import type { z } from 'zod';
import { type FieldError, type ProblemCode, problemType } from '../../contract/problems.js';
import { ProblemError, type ProblemExtras } from '../context.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface ProblemBody extends ProblemExtras {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: ProblemCode;
}

export function problemBody(error: ProblemError): ProblemBody {
  const body = { type: problemType(error.code), title: error.title, status: error.status } as ProblemBody;
  if (error.detail !== undefined) body.detail = error.detail;
  body.code = error.code;
  for (const [key, value] of Object.entries(error.extras)) {
    if (value !== undefined) (body as unknown as Record<string, unknown>)[key] = value;
  }
  return body;
}

export function internalProblem(): ProblemError {
  return new ProblemError(
    500,
    'internal',
    'Internal server error',
    'The portal failed to handle this request; it has been logged. Retrying may help.',
  );
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}

/** Field errors of a failed zod parse; an unknown key becomes its own error naming the field. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], where: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: joinPath([...issue.path, key]), message: `is not a known field of the ${where}` });
      }
    } else {
      errors.push({ path: issue.path.length > 0 ? joinPath(issue.path) : `(${where})`, message: issue.message });
    }
  }
  return errors;
}

/** The 422 for a request whose params, query or body fail their schema. */
export function validationProblem(errors: FieldError[], onlyUnknown: boolean): ProblemError {
  if (onlyUnknown) {
    const names = errors.map((e) => e.path).join(', ');
    return new ProblemError(
      422,
      'unknown-fields',
      'Unknown fields',
      `The request has fields the API does not know: ${names}.`,
      {
        errors,
        hint: 'Remove the fields named in errors[]; check their spelling against the API document (/openapi.json).',
      },
    );
  }
  const names = [...new Set(errors.map((e) => e.path))].join(', ');
  return new ProblemError(422, 'validation', 'Validation failed', `Invalid fields: ${names}.`, { errors });
}

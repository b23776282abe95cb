// RFC 9457 problem details: the one error shape of the API. `code` is an extension member
// that names the rule that refused the request, so clients can act on it without parsing text.
import * as z from 'zod';
import { once } from './define.js';

export const PROBLEM_CODES = [
  'unauthenticated',
  'token-revoked',
  'token-expired',
  'forbidden',
  'not-found',
  'validation',
  'unknown-fields',
  'email-taken',
  'duplicate-name',
  'cams-case-reference',
  'cams-not-found',
  'cams-already-linked',
  'cams-name-mismatch',
  'cams-owned-field',
  'not-linked',
  'already-linked',
  'ca-in-progress',
  'ca-not-found',
  'ca-already-imported',
  'already-logged-in',
  'invite-declined',
  'resend-cooldown',
  'no-invite',
  'invite-link-invalid',
  'representative-exists',
  'representative-is-client',
  'representative-accepted',
  'archived',
  'not-note-author',
  'note-referral-reasons',
  'not-archived',
  'provider-not-in-group',
  'staff-not-in-provider',
  'staff-not-caseworker',
  'portal-user-inactive',
  'link-expired',
  'unsupported-file-type',
  'file-exists',
  'consent-required',
  'already-candidate',
  'client-is-candidate',
  'job-has-candidates',
  'job-only-access',
  'job-title-taken',
  'idempotency-key-reused',
  'idempotency-key-in-flight',
  'rate-limited',
  'payload-too-large',
  'uri-too-long',
  'headers-too-large',
  'method-not-allowed',
  'internal',
  'unavailable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export const FieldErrorSchema = once(() =>
  z.object({
    path: z.string().meta({ description: 'Dotted path of the field, e.g. `communication.frequency`' }),
    message: z.string(),
  }),
);
export type FieldError = z.infer<ReturnType<typeof FieldErrorSchema>>;

export const ProblemSchema = once(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      detail: z.string().optional(),
      instance: z.string().optional(),
      code: z.enum(PROBLEM_CODES),
      errors: z.array(FieldErrorSchema()).optional(),
      /** 403: the permission the token lacks. */
      missingPermission: z.string().optional(),
      /** 409 email-taken / cams-already-linked / ca-already-imported: the client already holding it. */
      existingClientId: z.string().optional(),
      /**
       * 409 email-taken: whether the client holding the email is the person being added (the names
       * match after the duplicate check's normalisation, or the CaMS Client Reference Number or CA
       * number does). Absent when the caller may not see that client.
       */
      samePerson: z.boolean().optional(),
      /** 409 representative-exists: the client's representative who has that email. */
      existingRepresentativeId: z.string().optional(),
      /** 409 file-exists: the client's file with the same content. */
      existingFileId: z.string().optional(),
      /** 409 resend-cooldown: when the last invitation went out, and when another one is accepted. */
      lastSentAt: z.string().optional(),
      retryAt: z.string().optional(),
      /** 409 already-candidate: the candidate already there. */
      existingCandidateId: z.string().optional(),
      /** A short suggestion of what to do next. */
      hint: z.string().optional(),
    })
    .meta({ id: 'Problem', description: 'RFC 9457 problem details' }),
);
export type Problem = z.infer<ReturnType<typeof ProblemSchema>>;

export function problemType(code: ProblemCode): string {
  return `https://jobs-portal.example/problems/${code}`;
}

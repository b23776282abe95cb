// What is wrong with a value, in the project's words: one mapping from the checks' findings (zod
// issues) to sentences, used for flags, prompts, standard input and import rows alike.
// "--limit must be a whole number from 1 to 500", "--first-name is longer than 100 characters".
import * as z from 'zod';
import { innerSchema } from '../contract/paths.js';

type Issue = z.core.$ZodIssue;

/** zod's own messages ("Invalid input: expected number", "Too big: …"); any other was written here. */
function authored(issue: Issue): boolean {
  return issue.code === 'custom' || !/^(Invalid|Too (big|small)|Unrecognized|Expected)\b/.test(issue.message);
}

/** "a whole number from 1 to 500", from the number schema's own bounds. */
function numberRule(schema: z.ZodType | undefined): string {
  const number = schema && innerSchema(schema);
  const kind = number instanceof z.ZodNumber && number.isInt ? 'a whole number' : 'a number';
  if (!(number instanceof z.ZodNumber)) return kind;
  const { minValue: min, maxValue: max } = number;
  const bounded = (value: number | null) => value !== null && Number.isFinite(value) && Math.abs(value) < 2 ** 52;
  if (bounded(min) && bounded(max)) return `${kind} from ${min} to ${max}`;
  if (bounded(min)) return `${kind} of at least ${min}`;
  if (bounded(max)) return `${kind} of at most ${max}`;
  return kind;
}

const plural = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;

/**
 * What is wrong, as the rest of a sentence whose subject is the field: "must be …", "is …".
 * `schema` (the field's own) lets a number say its range.
 */
export function issueText(issue: Issue, schema?: z.ZodType): string {
  if (authored(issue)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return `must be ${numberRule(schema)}`;
      if (issue.expected === 'boolean') return 'must be true or false';
      if (issue.expected === 'array') return 'must be a list';
      if (issue.expected === 'object') return 'must be an object';
      if (issue.expected === 'string') return 'must be text';
      return 'is missing or of the wrong kind';
    case 'too_big':
      if (issue.origin === 'string') return `is longer than ${plural(issue.maximum, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `has more than ${plural(issue.maximum, 'item')}`;
      if (issue.origin === 'date') return 'is too late';
      return schema ? `must be ${numberRule(schema)}` : `must be at most ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'must not be empty'
          : `is shorter than ${plural(issue.minimum, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${plural(issue.minimum, 'item')}`;
      if (issue.origin === 'date') return 'is too early';
      return schema ? `must be ${numberRule(schema)}` : `must be at least ${issue.minimum}`;
    case 'invalid_format':
      if (issue.format === 'email') return 'must be an email address';
      if (issue.format === 'url') return 'must be a web address (https://…)';
      if (issue.format === 'date') return 'must be a date (YYYY-MM-DD)';
      if (issue.format === 'datetime') return 'must be a date and time (ISO 8601)';
      return 'is not in the expected format';
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `has unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.join(', ')}`;
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'is not valid';
    default:
      return 'is not valid';
  }
}

/** "--limit must be a whole number from 1 to 500". */
export function issueSentence(subject: string, issue: Issue, schema?: z.ZodType): string {
  const text = issueText(issue, schema);
  // A message that does not go on from its subject ("\"mary ann\": give the name…") follows a colon.
  return /^[a-z]/.test(text) ? `${subject} ${text}` : `${subject}: ${text}`;
}

// Prompts, only when a person is at a terminal. Commands ask through deps.prompter; when nobody
// can answer (--no-input, stdin or stderr not a terminal, CI=true) every prompt fails with a usage
// error naming the flag to pass instead. Prompts draw on stderr, so stdout stays data only. What a
// prompt shows of the portal's data (messages, choices, defaults) has its control characters made
// visible; the values returned are the data as it is.
import { styleText } from 'node:util';
import { cancelled, usageError } from '../errors.js';
import { visible } from './visible.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  /** Shown, marked with this reason, but cannot be chosen. */
  disabled?: string;
}

export interface PromptBase {
  message: string;
  /** The flag that supplies this value without a prompt, e.g. '--email'. Named in the error. */
  flag: string;
}

export interface Prompter {
  readonly interactive: boolean;
  input(options: PromptBase & { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  /** Hidden input: nothing is echoed. */
  password(options: PromptBase & { validate?: (value: string) => true | string }): Promise<string>;
  confirm(options: { message: string; default?: boolean; flag?: string }): Promise<boolean>;
  select<T>(options: PromptBase & { choices: Choice<T>[]; default?: T }): Promise<T>;
  /** Type to search; `source` is called with the term as it changes (and aborted when it changes again). */
  search<T>(
    options: PromptBase & { source: (term: string | undefined, signal: AbortSignal) => Promise<Choice<T>[]> },
  ): Promise<T>;
}

export interface InteractiveCheck {
  /** false with --no-input. */
  input?: boolean;
  stdin: { isTTY?: boolean | undefined };
  stderr: { isTTY?: boolean | undefined };
  env: Record<string, string | undefined>;
}

/** A person can answer prompts: not --no-input, stdin and stderr are terminals, not CI. */
export function isInteractive(check: InteractiveCheck): boolean {
  if (check.input === false) return false;
  const ci = check.env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  return check.stdin.isTTY === true && check.stderr.isTTY === true;
}

export function notInteractiveError(flag: string) {
  return usageError(
    `${flag} is required when not running interactively`,
    'pass it as a flag (prompts appear only in a terminal, without --no-input and CI=true)',
  );
}

export interface PrompterStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Inquirer throws ExitPromptError on Ctrl-C: that is a cancellation, exit 130, no stack. */
function mapPromptError(error: unknown): never {
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'ExitPromptError' || name === 'AbortPromptError') throw cancelled();
  throw error;
}

/** A choice as shown: its name and description made visible, its value untouched. */
function shownChoice<T>(choice: Choice<T>): Choice<T> {
  return {
    ...choice,
    name: visible(choice.name),
    ...(choice.description === undefined ? {} : { description: visible(choice.description) }),
    ...(choice.disabled === undefined ? {} : { disabled: visible(choice.disabled) }),
  };
}

export function createPrompter(interactive: boolean, streams: PrompterStreams): Prompter {
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  const load = () => import('@inquirer/prompts');
  // An input's default (often a value from the portal) is shown in brackets, and once accepted as
  // the answer: both as inquirer styles them, made visible.
  const inputDisplay = {
    theme: { style: { defaultAnswer: (text: string) => styleText('dim', `(${visible(text)})`) } },
    transformer: (value: string, { isFinal }: { isFinal: boolean }) =>
      isFinal ? styleText('cyan', visible(value)) : visible(value),
  };
  return {
    interactive,
    async input({ message, flag, default: initial, validate }) {
      if (!interactive) throw notInteractiveError(flag);
      const { input } = await load();
      return input(
        {
          message: visible(message),
          ...inputDisplay,
          ...(initial === undefined ? {} : { default: initial }),
          ...(validate ? { validate } : {}),
        },
        context,
      ).catch(mapPromptError);
    },
    async password({ message, flag, validate }) {
      if (!interactive) throw notInteractiveError(flag);
      const { password } = await load();
      return password({ message: visible(message), ...(validate ? { validate } : {}) }, context).catch(mapPromptError);
    },
    async confirm({ message, default: initial = false, flag = '--yes' }) {
      if (!interactive) throw notInteractiveError(flag);
      const { confirm } = await load();
      return confirm({ message: visible(message), default: initial }, context).catch(mapPromptError);
    },
    async select({ message, flag, choices, default: initial }) {
      if (!interactive) throw notInteractiveError(flag);
      const { select } = await load();
      return select(
        {
          message: visible(message),
          choices: choices.map(shownChoice),
          ...(initial === undefined ? {} : { default: initial }),
        },
        context,
      ).catch(mapPromptError);
    },
    async search({ message, flag, source }) {
      if (!interactive) throw notInteractiveError(flag);
      const { search } = await load();
      return search(
        {
          message: visible(message),
          source: async (term, { signal }) => (await source(term, signal)).map(shownChoice),
        },
        context,
      ).catch(mapPromptError);
    },
  };
}

import type { compileFn } from 'zod/v4/core';

/** See response-parsers.mjs. */
export declare function responseParsersSource(
  routes: Readonly<Record<string, { response: unknown }>>,
  compile: typeof compileFn,
): string;

// zod's compiled checks of the routes' response schemas. This file is what runs from sources (as
// under vitest): no compiled checks, so the client parses every answer with the schemas. The build
// replaces it with the checks generated from the schemas (scripts/response-parsers.mjs).

/** What a compiled check returns for an answer the response schema would refuse. */
export const INVALID: unique symbol = Symbol('invalid response');

/** Builds a route's compiled check: the parsed answer (as the schema's parse gives it), or INVALID. */
export const responseParsers: Readonly<Record<string, (() => (input: unknown) => unknown) | undefined>> = {};

// `portalctl login`: saves a portal URL and API token as a profile, after checking the token
// with GET /v1/me. The token comes from a hidden prompt or from stdin (--with-token), never from
// a flag value: flags end up in shell history and process listings.
import * as z from 'zod';
import { defineCommand, flag, parseOptions } from '../command/define.js';
import type { Deps } from '../command/deps.js';
import type { Me } from '../contract/schemas.js';
import { CliError, usageError } from '../errors.js';
import { readStdin } from '../io/stdin.js';

/** What login works with: the global --url and --profile (or PORTALCTL_URL), and its own flag. */
const LoginOptionsSchema = z.object({
  url: z.string().min(1).optional(),
  profile: z.string().optional(),
  withToken: z.boolean().default(false),
});
type LoginOptions = z.output<typeof LoginOptionsSchema>;

export default defineCommand({
  path: ['login'],
  summary: 'Save a portal URL and API token as a profile',
  description:
    'Log in to a portal: asks for an API token (hidden input), checks it with the portal, and saves the URL and token as a profile (default name: default) that becomes the current one. With --with-token the token is read from stdin, for scripts.',
  options: {
    withToken: flag('--with-token', 'read the token from stdin instead of prompting', z.boolean().default(false)),
  },
  examples: [
    'portalctl login --url https://portal.example.org',
    'portalctl login --url https://staging.portal.example.org --profile staging',
    'printf %s "$PORTAL_TOKEN" | portalctl login --url https://portal.example.org --with-token',
  ],
  async run(options, deps) {
    const given = { url: deps.flags.url ?? deps.env.PORTALCTL_URL, profile: deps.flags.profile, ...options };
    await runLogin(parseOptions(LoginOptionsSchema, given), deps);
  },
});

async function runLogin(options: LoginOptions, deps: Deps): Promise<void> {
  const { PROFILE_NAME } = await import('../config/store.js');
  const profile = options.profile ?? 'default';
  if (!PROFILE_NAME.test(profile)) {
    throw usageError(
      `--profile: "${profile}" is not a valid profile name`,
      'use letters, digits, dot, dash or underscore (up to 64)',
    );
  }
  const url = (
    options.url ??
    (await deps.prompter.input({
      message: 'Portal URL',
      flag: '--url',
      validate: (v) => /^https?:\/\/\S+$/.test(v.trim()) || 'enter a URL like https://portal.example.org',
    }))
  ).trim();

  const { createApiClient } = await import('../api/client.js');
  // Checks the URL (https, or loopback http) before the token is even asked for.
  const probe = createApiClient({ baseUrl: url, insecureHttp: deps.flags.insecureHttp ?? false });
  await probe.close();

  let token: string;
  if (options.withToken) {
    token = (await readStdin(deps.stdin)).trim();
    if (!token)
      throw usageError(
        '--with-token: stdin was empty',
        'pipe the token in: printf %s "$TOKEN" | portalctl login --with-token',
      );
  } else {
    if (!deps.interactive) {
      throw usageError(
        'a token is required: pass --with-token and pipe it on stdin when not running interactively',
        'printf %s "$TOKEN" | portalctl login --url URL --with-token',
      );
    }
    token = (
      await deps.prompter.password({
        message: `API token for ${url} (input hidden)`,
        flag: '--with-token',
        validate: (v) => v.trim().length > 0 || 'paste the token, or press Ctrl-C to cancel',
      })
    ).trim();
  }
  if (/\s/.test(token)) throw usageError('the token contains spaces or line breaks', 'pass the token alone');

  const api = createApiClient({
    baseUrl: url,
    token,
    insecureHttp: deps.flags.insecureHttp ?? false,
    ...(deps.flags.debug ? { debug: deps.debug } : {}),
  });
  let me: Me;
  try {
    me = await api.call('getMe');
  } catch (error) {
    if (error instanceof CliError && error.kind === 'auth') {
      throw new CliError('auth', `the portal at ${url} refused this token`, {
        hint: 'check that you copied the whole token, and that it has not been revoked; nothing was saved',
      });
    }
    throw error;
  } finally {
    await api.close();
  }

  const store = await deps.profiles();
  store.set(profile, { url: api.baseUrl, token });
  store.setCurrent(profile);
  deps.out.success(`Logged in to ${api.baseUrl} as ${me.name} (profile ${profile}, saved in ${store.path})`);
  if (deps.out.format === 'json' || deps.out.format === 'ndjson') {
    deps.out.value({ profile, url: api.baseUrl, name: me.name, email: me.email, permissions: me.permissions });
  }
}

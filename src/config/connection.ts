// Which portal a command talks to, and with which token. Precedence, per value:
//   flags (--url, --profile) > environment (PORTALCTL_URL, PORTALCTL_TOKEN, PORTALCTL_PROFILE)
//   > the saved profile > the built-in local portal.
// A profile's token is only ever sent to that profile's URL.
import { CliError, usageError } from '../errors.js';
import type { ProfileStore } from './store.js';

export type Source = 'flag' | 'env' | 'profile' | 'local';

export interface Connection {
  /** Undefined for the local portal until it is started. */
  url: string | undefined;
  token: string | undefined;
  urlSource: Source;
  tokenSource: Source | undefined;
  /** The saved profile in use, if any. */
  profile?: string;
  /** Set when no portal is configured: commands start the built-in local portal. */
  local: boolean;
}

export interface ConnectionInputs {
  url?: string;
  profile?: string;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

export async function resolveConnection(
  flags: ConnectionInputs,
  env: Record<string, string | undefined>,
  openStore: () => Promise<Pick<ProfileStore, 'current' | 'get'>>,
): Promise<Connection> {
  let url: string | undefined;
  let urlSource: Source = 'local';
  if (flags.url) {
    url = flags.url;
    urlSource = 'flag';
  } else if (env.PORTALCTL_URL) {
    url = env.PORTALCTL_URL;
    urlSource = 'env';
  }
  let token = env.PORTALCTL_TOKEN || undefined;
  let tokenSource: Source | undefined = token ? 'env' : undefined;
  const profileName = flags.profile ?? (env.PORTALCTL_PROFILE || undefined);

  // Fast path: everything given, the config file is not even opened.
  if (url && token && !profileName) return { url, token, urlSource, tokenSource, local: false };

  const store = await openStore();
  const name = profileName ?? store.current();
  let profile: string | undefined;
  if (name !== undefined) {
    const saved = store.get(name);
    if (!saved) {
      if (profileName !== undefined) {
        throw usageError(
          `there is no profile named "${name}"`,
          `run portalctl profiles list, or portalctl login --profile ${name}`,
        );
      }
    } else {
      profile = name;
      if (!url) {
        url = saved.url;
        urlSource = 'profile';
      }
      if (!token && saved.token && sameOrigin(saved.url, url)) {
        token = saved.token;
        tokenSource = 'profile';
      }
    }
  }

  if (!url) {
    return { url: undefined, token, urlSource: 'local', tokenSource: token ? tokenSource : 'local', local: true };
  }
  if (!token) {
    throw new CliError('auth', `no API token for ${url}`, {
      hint: `run portalctl login --url ${url}${profile ? ` --profile ${profile}` : ''}, or set PORTALCTL_TOKEN`,
    });
  }
  return { url, token, urlSource, tokenSource, ...(profile ? { profile } : {}), local: false };
}

// Replaced at build time from package.json; the fallback serves tests that run sources directly.
declare const __PORTALCTL_VERSION__: string | undefined;
export const VERSION: string = typeof __PORTALCTL_VERSION__ === 'string' ? __PORTALCTL_VERSION__ : '0.0.0-dev';

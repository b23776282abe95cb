// What a scripted node:http server answers for GET /v1/me in the HTTP client's unit tests.
export const me = {
  id: 'st_0123456789',
  name: 'Sam',
  email: 'sam@example.org',
  providerId: 'sp_0123456789',
  permissions: ['clients'],
  provider: { id: 'sp_0123456789', name: 'North', groupId: 'g1', groupName: 'G' },
  tokenName: 't',
};

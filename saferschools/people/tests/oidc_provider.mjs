// A real OpenID Connect provider for the single sign-on test: panva's certified
// `oidc-provider` (a devDependency), on a loopback port, with the test's client and accounts.
// Usage: node oidc_provider.mjs PORT CONFIG_JSON
//   CONFIG_JSON = {"client_id", "client_secret", "redirect_uri", "accounts": {sub: {claims}}}
// Prints "ready" once it listens. devInteractions give a plain login form (any password) and
// a consent form; the test submits them as a person would.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const config = JSON.parse(process.argv[3]);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  async findAccount(ctx, id) {
    const claims = config.accounts[id] || { email: `${id}@unknown.example.org`, email_verified: true };
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['saferschools-test-only'] },
  pkce: { required: () => false },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => { console.log('ready'); });

// A real OpenID provider for Byline's sign-in tests: panva's oidc-provider
// (OpenID Certified), on 127.0.0.1, with everything a test needs to steer
// it and nothing else.
//
//   node provider.mjs PORT REDIRECT_URI...
//
// PORT may be 0 (any free port). Once it listens it prints one line,
// `listening http://127.0.0.1:PORT`, which is also its issuer.
//
// Clients: `byline` and `byline-two` (secrets `byline-secret` and
// `byline-two-secret`), each allowed every REDIRECT_URI. PKCE is required
// of both.
//
// Signing in is automatic: the person the test last named with
// `POST /test/person` (JSON: sub, email, email_verified, name) signs in and
// consents at once. `POST /test/tamper` (JSON: {"mode": ...}) makes the
// next token response carry a bad ID token instead of the real one:
//   forged   the same claims signed with a key that is not in the JWKS
//   audience the claims for another client, signed with the real key
//   nonce    another nonce, signed with the real key
//   expired  expired an hour ago, signed with the real key
import { createServer } from 'node:http';
import { generateKeyPair, exportJWK, decodeJwt, SignJWT } from 'jose';
import Provider from 'oidc-provider';

const [portArg, ...redirectUris] = process.argv.slice(2);
const port = Number(portArg ?? 0);
if (!Number.isInteger(port) || redirectUris.length === 0) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI...');
  process.exit(2);
}

const signing = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(signing.privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const rogue = await generateKeyPair('RS256', { extractable: true });

const people = new Map();
let current = null;
let tamper = null;

function body(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => { try { resolve(JSON.parse(text || '{}')); } catch (err) { reject(err); } });
    req.on('error', reject);
  });
}

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      { client_id: 'byline', client_secret: 'byline-secret', redirect_uris: redirectUris },
      { client_id: 'byline-two', client_secret: 'byline-two-secret', redirect_uris: redirectUris },
    ],
    jwks: { keys: [signingJwk] },
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx, sub) {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, async claims() { return { ...person, sub }; } };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key'] },
  });
  provider.proxy = false;

  // Automatic sign-in and consent, as the person the test named.
  provider.use(async (ctx, next) => {
    if (ctx.path.startsWith('/interaction/')) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      let result;
      if (details.prompt.name === 'login') {
        if (!current) { ctx.status = 500; ctx.body = 'no person named by POST /test/person'; return; }
        result = { login: { accountId: current } };
      } else {
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        grant.addOIDCScope(details.params.scope);
        result = { consent: { grantId: await grant.save() } };
      }
      ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true }));
      return;
    }
    if (ctx.path === '/test/person' && ctx.method === 'POST') {
      const person = await body(ctx.req);
      const { sub, ...claims } = person;
      people.set(sub, claims);
      current = sub;
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/test/tamper' && ctx.method === 'POST') {
      ({ mode: tamper } = await body(ctx.req));
      ctx.status = 204;
      return;
    }
    await next();
    if (ctx.path === '/token' && tamper && ctx.body && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: await badToken(ctx.body.id_token, tamper) };
      tamper = null;
    }
  });

  async function badToken(real, mode) {
    const claims = decodeJwt(real);
    const now = Math.floor(Date.now() / 1000);
    let key = signing.privateKey;
    if (mode === 'forged') key = rogue.privateKey;
    else if (mode === 'audience') { claims.aud = 'someone-else'; delete claims.azp; }
    else if (mode === 'nonce') claims.nonce = 'not-the-nonce-byline-sent';
    else if (mode === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
    else throw new Error(`unknown tamper mode ${mode}`);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).sign(key);
  }

  server.on('request', provider.callback());
  console.log(`listening ${issuer}`);
});

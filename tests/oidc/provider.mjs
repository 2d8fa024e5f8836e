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
//   azp      for this client and another, authorised for the other
//   nonce    another nonce, signed with the real key
//   expired  expired an hour ago, signed with the real key
//
// Beside it, a stand-in for GitHub's OAuth (GitHub is not an OpenID
// provider, so no certified implementation of it exists): its web side
// under /github/ (authorize, then the token, checking the client's secret,
// the redirect and the PKCE verifier) and its API under /github-api/
// (`user`, `user/emails`), for the client `github-client` (secret
// `github-client-secret`). `POST /test/github-person` (JSON: id, login,
// name, emails as GitHub lists them) names who signs in there.
import { createHash, randomBytes } from 'node:crypto';
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
let githubPerson = null;
const githubCodes = new Map();
const githubTokens = new Map();

function text(req) {
  return new Promise((resolve, reject) => {
    let all = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { all += chunk; });
    req.on('end', () => resolve(all));
    req.on('error', reject);
  });
}

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
    if (ctx.path === '/test/github-person' && ctx.method === 'POST') {
      githubPerson = await body(ctx.req);
      ctx.status = 204;
      return;
    }
    if (ctx.path === '/github/login/oauth/authorize' && ctx.method === 'GET') {
      const q = ctx.query;
      if (q.client_id !== 'github-client' || q.code_challenge_method !== 'S256' || !q.code_challenge || !q.state) {
        ctx.status = 400; ctx.body = 'bad authorize request'; return;
      }
      const code = randomBytes(16).toString('hex');
      githubCodes.set(code, { challenge: q.code_challenge, redirect: q.redirect_uri, person: githubPerson });
      const back = new URL(q.redirect_uri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.state);
      ctx.redirect(back.toString());
      return;
    }
    if (ctx.path === '/github/login/oauth/access_token' && ctx.method === 'POST') {
      const form = new URLSearchParams(await text(ctx.req));
      const grant = githubCodes.get(form.get('code'));
      githubCodes.delete(form.get('code'));
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      ctx.type = 'application/json';
      if (!grant || form.get('client_id') !== 'github-client' || form.get('client_secret') !== 'github-client-secret'
          || form.get('redirect_uri') !== grant.redirect || challenge !== grant.challenge) {
        ctx.body = { error: 'bad_verification_code' };
        return;
      }
      const token = randomBytes(16).toString('hex');
      githubTokens.set(token, grant.person);
      ctx.body = { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' };
      return;
    }
    if (ctx.path.startsWith('/github-api/')) {
      const person = githubTokens.get((ctx.get('authorization') ?? '').replace(/^Bearer /, ''));
      if (!person) { ctx.status = 401; ctx.body = { message: 'Bad credentials' }; return; }
      if (ctx.path === '/github-api/user') {
        ctx.body = { id: person.id, login: person.login, name: person.name };
      } else if (ctx.path === '/github-api/user/emails') {
        ctx.body = person.emails;
      } else {
        ctx.status = 404;
      }
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
    else if (mode === 'azp') { claims.aud = [claims.aud, 'someone-else']; claims.azp = 'someone-else'; }
    else if (mode === 'nonce') claims.nonce = 'not-the-nonce-byline-sent';
    else if (mode === 'expired') { claims.iat = now - 7200; claims.exp = now - 3600; }
    else throw new Error(`unknown tamper mode ${mode}`);
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' }).sign(key);
  }

  server.on('request', provider.callback());
  console.log(`listening ${issuer}`);
});

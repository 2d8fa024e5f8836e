// A newspaper of its own on another origin that carries Byline's comments
// with the embed tag: `node host/site.mjs ALLOWED_PORT OTHER_PORT BYLINE_URL`.
// The first port is a site Byline allows; the second, the same pages on a
// site it does not. `/news/river-story-bare` is the same story without
// Byline (no tag, no container), for measuring what the tag costs the page.
import * as http from 'node:http';

const [allowedPort, otherPort, byline] = process.argv.slice(2);

function story(origin, tagged) {
  const address = `${origin}/news/river-story`;
  const fallback = `${byline}/embed/discussion?url=${encodeURIComponent(address)}`;
  const count = tagged ? `<p>Comments so far: <span data-byline-count="${address}">unknown</span></p>` : '';
  const container = tagged
    ? `<div id="byline-comments" data-byline-id="river-story-1">
  <a href="${fallback}">Read the discussion</a>
</div>`
    : '';
  const script = tagged ? `<script src="${byline}/embed.js" async></script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A story published by another newspaper, with its readers' discussion.">
<title>The river story · The Host Gazette</title>
<link rel="canonical" href="${address}">
</head>
<body>
<main>
<h1>The river story</h1>
<p>A story published by another newspaper, with Byline's discussion under it.</p>
${count}
${container}
</main>
${script}
</body>
</html>
`;
}

function serve(port) {
  const origin = `http://localhost:${port}`;
  http
    .createServer((request, response) => {
      if (request.url === '/healthz') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('ok');
      } else if (request.url === '/news/river-story' || request.url === '/news/river-story-bare') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(story(origin, request.url === '/news/river-story'));
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      }
    })
    .listen(Number(port), '127.0.0.1');
}

serve(allowedPort);
serve(otherPort);

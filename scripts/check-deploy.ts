// Checks docs/deploy/nginx.conf for real (issue #11): nginx (Debian's, must be
// installed) with that file — its ports and certificate paths swapped for free
// ports and a throwaway self-signed certificate — in front of two nodes on one
// redis-server; a rep signs in over HTTPS, then a rep socket and four customer
// sockets go through the WebSocket upgrade (least_conn spreads them over both
// nodes) and signals reach every customer; plain HTTP is redirected.
// Run: node --import tsx scripts/check-deploy.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { freePort, repAt, signInAt, startCluster } from '../test/helpers/cluster.ts';

const T = mkdtempSync(join(tmpdir(), 'peerassist-deploy-'));
execSync(`openssl req -x509 -newkey rsa:2048 -nodes -keyout ${T}/key.pem -out ${T}/cert.pem -days 1 -subj /CN=localhost 2>/dev/null`);
const https = await freePort();
const http = await freePort();
const cluster = await startCluster(['node-a', 'node-b'], { env: { ALLOWED_ORIGINS: `https://localhost:${https}`, TRUST_PROXY: '1' } });
const [a, b] = cluster.nodes;
let conf = readFileSync('docs/deploy/nginx.conf', 'utf8')
  .replace('server 127.0.0.1:8787', `server ${new URL(a!.url).host}`)
  .replace('server 127.0.0.1:8788', `server ${new URL(b!.url).host}`)
  .replaceAll('/etc/letsencrypt/live/support.example.com/fullchain.pem', `${T}/cert.pem`)
  .replaceAll('/etc/letsencrypt/live/support.example.com/privkey.pem', `${T}/key.pem`)
  .replace('listen 80;', `listen ${http};`).replace('listen [::]:80;', '')
  .replace('listen 443 ssl http2;', `listen ${https} ssl http2;`).replace('listen [::]:443 ssl http2;', '');
writeFileSync(`${T}/site.conf`, conf);
writeFileSync(`${T}/main.conf`, `pid ${T}/nginx.pid;\nerror_log ${T}/error.log;\nevents {}\nhttp {\n access_log off;\n client_body_temp_path ${T};\n proxy_temp_path ${T};\n include ${T}/site.conf;\n}\n`);
const nginx = spawn('nginx', ['-c', `${T}/main.conf`, '-g', 'daemon off;'], { stdio: 'inherit' });
await new Promise((r) => setTimeout(r, 1000));
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
try {
  await cluster.createUser('r@example.test', 'pw pw pw pw pw', 'Rep', ['rep']);
  const base = `https://localhost:${https}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'r@example.test', password: 'pw pw pw pw pw' }) });
  console.log('login via nginx', login.status);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const ask = (ws: WebSocket, m: object, type: string) => new Promise<any>((res, rej) => { ws.on('message', (d) => { const x = JSON.parse(String(d)); if (x.type === type) res(x); if (x.type === 'error') rej(new Error(JSON.stringify(x))); }); ws.send(JSON.stringify(m)); });
  const open = (origin: string) => new Promise<WebSocket>((res, rej) => { const ws = new WebSocket(`wss://localhost:${https}/ws`, { origin, rejectUnauthorized: false }); ws.once('open', () => res(ws)); ws.once('error', rej); });
  const rep = await open('chrome-extension://fdgmbdnbjbjlpdlagchgjfilkilfmbnd');
  await ask(rep, { type: 'rep.hello', accessToken }, 'rep.welcome');
  const started = await ask(rep, { type: 'session.start' }, 'session.started');
  const customers = [];
  for (let i = 0; i < 4; i++) {
    const c = await open(`https://localhost:${https}`);
    const joined = await ask(c, { type: 'customer.join', number: started.session.number, token: started.session.joinToken, name: `C${i}` }, 'customer.joined');
    customers.push({ c, joined });
  }
  for (const { c, joined } of customers) {
    const got = new Promise<any>((res) => c.on('message', (d) => { const x = JSON.parse(String(d)); if (x.type === 'signal') res(x); }));
    rep.send(JSON.stringify({ type: 'signal', to: joined.participantId, payload: { kind: 'candidate', candidate: null } }));
    console.log('signal through nginx to', joined.participantId, (await got).type);
  }
  console.log('redirect', (await fetch(`http://localhost:${http}/x`, { redirect: 'manual' })).status);
} finally {
  nginx.kill('SIGTERM');
  await cluster.stop();
}

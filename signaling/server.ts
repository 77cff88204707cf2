// One PeerAssist server: HTTP (health, sign-in, web pages) and the WebSocket
// gateway on one port. Everything it depends on is passed in, so tests start
// as many as they like on port 0 with their own store, clock and logger.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditLog } from './audit/audit-log.ts';
import { DEFAULT_THROTTLE, SignInThrottle, type ThrottleOptions } from './auth/sign-in-throttle.ts';
import { systemClock, type Clock } from './clock.ts';
import { atPort, type Config } from './config.ts';
import { ClusterNode } from './cluster/node.ts';
import { RedisFailures } from './cluster/shared-failures.ts';
import { createApp } from './http/app.ts';
import { newId } from './sessions/ids.ts';
import { consoleLogger, type Logger } from './log.ts';
import { createSmtpMailer } from './mail/mailer.ts';
import { DEFAULT_LOOKUP_THROTTLE, LookupThrottle } from './sessions/lookup-throttle.ts';
import { MemorySessionRegistry, snapshotOf, type SessionRegistry } from './sessions/registry.ts';
import type { Store } from './store/store.ts';
import type { WaitingView } from './webacd/router.ts';
import { attachGateway, type Gateway } from './ws/gateway.ts';
import type { RateLimitOptions } from './ws/rate-limit.ts';

export interface ServerOptions {
  config: Config;
  store: Store;
  log?: Logger;
  clock?: Clock;
  registry?: SessionRegistry;
  rateLimit?: RateLimitOptions;
  signInThrottle?: ThrottleOptions;
  /** Limits on joins naming unknown session numbers, per client address. */
  lookupThrottle?: ThrottleOptions;
}

export interface StopOptions {
  /** 1001 "going away" by default; a restart uses 1012 "service restart" so clients reconnect and re-assert. */
  code?: number;
  reason?: string;
}

export interface PeerAssistServer {
  /** Listens; resolves with the public URL (naming the real port when PORT was 0). */
  start(): Promise<{ url: string }>;
  /** Closes every socket and the listener, cancels timers. Sessions are not ended. */
  stop(options?: StopOptions): Promise<void>;
  readonly registry: SessionRegistry;
  /** The audit log writer; `audit.flush()` waits for writes in flight. */
  readonly audit: AuditLog;
  /** Every WebACD queue's sessions in order of arrival (empty while stopped). */
  waiting(): WaitingView[];
  /** The configuration in force (after start: with the real port). */
  readonly config: Config;
}

export function createPeerAssistServer(options: ServerOptions): PeerAssistServer {
  const log = options.log ?? consoleLogger;
  const clock = options.clock ?? systemClock;
  // With REDIS_URL this process is one node of several (cluster/node.ts): session
  // numbers are reserved in Redis, and each session's snapshot is kept there.
  const redisUrl = options.config.redisUrl;
  const cluster = redisUrl
    ? new ClusterNode({ url: redisUrl, nodeId: options.config.nodeId ?? newId('n'), log, repGraceMs: options.config.repGraceMs })
    : undefined;
  const memory = cluster
    ? new MemorySessionRegistry({
        clock,
        drawNumber: () => cluster.directory.drawNumber(),
        onChange: (change, session) => cluster.sessionChanged(change, session),
      })
    : undefined;
  if (cluster && options.registry) throw new Error('a cluster node makes its own session registry');
  // One node: each live session's snapshot goes to SQLite as it starts, changes
  // hands and ends, so a restarted server knows its sessions again (issue #10).
  const kept = !cluster && !options.registry ? options.store.liveSessions : undefined;
  const registry =
    memory ??
    options.registry ??
    new MemorySessionRegistry({
      clock,
      ...(kept && {
        onChange: (change, session) => (change === 'ended' ? kept.remove(session.id) : kept.save(snapshotOf(session), clock.now())),
      }),
    });
  // Kept across start/stop so a restart in-process does not forgive failures; shared by every node with REDIS_URL.
  const signInLimits = options.signInThrottle ?? DEFAULT_THROTTLE;
  const lookupLimits = options.lookupThrottle ?? DEFAULT_LOOKUP_THROTTLE;
  const mirror = (prefix: string, windowMs: number) =>
    cluster && new RedisFailures(cluster.bus.redis, { nodeId: cluster.nodeId, prefix, windowMs, log });
  const throttle = new SignInThrottle(clock, signInLimits, mirror('pa:fail:signin:', signInLimits.windowMs));
  const lookups = new LookupThrottle(clock, lookupLimits, mirror('pa:fail:lookup:', lookupLimits.windowMs));
  const audit = new AuditLog(options.store, clock, log);

  // Its SMTP transport is made on the first invitation, so a server that sends none never connects.
  const mailer = options.config.smtp ? createSmtpMailer(options.config.smtp, options.config.mailFrom) : undefined;
  let config = options.config;
  let http: Server | undefined;
  let gateway: Gateway | undefined;

  return {
    registry,
    audit,
    waiting() {
      return gateway?.waiting() ?? [];
    },
    get config() {
      return config;
    },

    async start() {
      if (http) throw new Error('the server is already started');
      // Sessions waiting in WebACD queues before a restart keep their order (issue #8).
      // A cluster node restores only the entries of sessions it takes over (cluster/node.ts):
      // the others belong to sessions that live on other nodes.
      const waiting = cluster ? [] : await options.store.waiting.list();
      if (cluster && memory) await cluster.start(memory);
      // The sessions this node held when it stopped (or crashed): back under the same
      // numbers, each waiting REP_GRACE_MS for its rep's extension to re-assert it.
      const restored = kept && registry instanceof MemorySessionRegistry ? kept.all().map((snapshot) => registry.restore(snapshot).id) : [];
      if (restored.length) log.info(`[server] restored ${restored.length} live session${restored.length === 1 ? '' : 's'}; waiting for their reps`);
      const server = createServer();
      http = server;
      // Node's default of 5 s would cut idle keep-alive connections the page still uses; 65 s outlives common proxies.
      server.keepAliveTimeout = 65_000;
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.port, config.host, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        http = undefined;
        throw error;
      }
      // With PORT=0 the OS picks the port; links and allowed origins must name the real one.
      config = atPort(config, (server.address() as AddressInfo).port);
      // Attached in the same tick as 'listening': no request can arrive before.
      const sockets = attachGateway(server, {
        config,
        store: options.store,
        registry,
        clock,
        log,
        audit,
        mailer,
        lookups,
        waiting,
        restored,
        ...(cluster && { cluster }),
        ...(options.rateLimit && { rateLimit: options.rateLimit }),
      });
      gateway = sockets;
      server.on('request', createApp({ config, store: options.store, registry, clock, log, audit, throttle, sockets }));
      return { url: config.publicUrl };
    },

    async stop(stopOptions = {}) {
      const server = http;
      if (!server) return;
      http = undefined;
      await gateway?.close(stopOptions.code ?? 1001, stopOptions.reason ?? 'server stopping');
      gateway = undefined;
      mailer?.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive connections would otherwise hold close() open for up to keepAliveTimeout.
        server.closeAllConnections();
      });
      // Audit writes started by the last messages and requests land before the store closes.
      await audit.flush();
      await cluster?.stop();
    },
  };
}

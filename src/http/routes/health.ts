/**
 * Liveness says the process answers; readiness says it can do useful work (the database answers
 * and we are not shutting down), so a load balancer only sends traffic where it can succeed.
 */
import { sql } from 'kysely';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { startWatchdog } from '../watchdog.ts';
import { buildProblem, problemContentType, ProblemSchema, sendProblem } from '../problem.ts';

/** A database that does not answer `select 1` this fast is not ready for payments either. */
export const readinessCheckMsMax = 2_000;

const Live = Type.Object({ status: Type.Literal('ok') });
const Ready = Type.Object({
  status: Type.Literal('ready'),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
});
const Unavailable = {
  description: 'Shutting down, or the database does not answer (ready); wedged (live)',
  content: { [problemContentType]: { schema: ProblemSchema } },
};

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const schema = (response: Record<number, unknown>) => ({ tags: ['operations'], response });
  const watchdog = startWatchdog(app.deps.database.pool, app.deps.config.livenessStallMs);
  app.addHook('onClose', async () => watchdog.stop());
  app.get(
    '/health/live',
    { schema: schema({ 200: Live, 503: Unavailable }) },
    async (request, reply) => {
      const stalled = watchdog.stalled();
      if (stalled === undefined) return { status: 'ok' as const };
      request.log.error({ reason: stalled }, 'not live');
      const problem = buildProblem(request, 'SERVICE_UNAVAILABLE', `Not live: ${stalled}.`);
      return sendProblem(reply, problem);
    },
  );
  app.get(
    '/health/ready',
    { schema: schema({ 200: Ready, 503: Unavailable }) },
    async (request, reply) => {
      const reason = app.lifecycle.draining ? 'shutting down' : await databaseProblem(app);
      if (reason === undefined)
        return { status: 'ready' as const, database: app.deps.database.engine };
      request.log.warn({ reason }, 'not ready');
      const detail = `Not ready: ${reason}.`;
      const status = { status: 503, title: 'Service unavailable' };
      return sendProblem(reply, buildProblem(request, 'INTERNAL', detail, status));
    },
  );
};

/** The failure itself goes to the log only: connection strings and hosts stay out of answers. */
async function databaseProblem(
  app: Parameters<FastifyPluginAsyncTypebox>[0],
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), readinessCheckMsMax);
  });
  try {
    await Promise.race([sql`select 1`.execute(app.deps.database.db), timeout]);
    return undefined;
  } catch (error) {
    app.log.warn({ err: error }, 'readiness check failed');
    return 'the database does not answer';
  } finally {
    clearTimeout(timer);
  }
}

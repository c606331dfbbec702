import type { EntityManager } from 'typeorm';
import { isAbortedTransaction } from './database-errors';

/** What this needs of node-postgres's client: its pipeline mode (pg ≥ 8.23), off by default. */
interface PipelineClient {
  pipeline: boolean;
}

/**
 * Statements sent on a transaction's connection without waiting for their answer, so that
 * PostgreSQL runs them while Node prepares the next ones (a bulk import's audit hashes are
 * computed while the server inserts child rows and pairs). The connection runs its statements in
 * the order they were sent, so only statements that do not depend on each other's results may be
 * left pending; `run` waits for all of them before it returns.
 *
 * While `run` works, the connection is in node-postgres's pipeline mode: each statement goes to the
 * server when it is sent, behind those still running (outside that mode node-postgres would hold
 * it back until the previous answer, a queue it has deprecated). Awaited statements behave as
 * ever; the mode is switched off again once every statement has settled.
 *
 * When one fails, every statement after it fails with "current transaction is aborted" (25P02):
 * `run` throws the first failure of another kind, the cause, whether it came from a pending
 * statement or from the work itself. A pending statement's failure is never left unhandled.
 */
export class PendingStatements {
  /** Statements not settled yet, and those that failed; an answer is not kept once it arrives. */
  private readonly sent = new Set<Promise<unknown>>();

  constructor(private readonly manager: EntityManager) {}

  /** Leaves `statement` (already sent) to be awaited by `run`. */
  add(statement: Promise<unknown>): void {
    this.sent.add(statement);
    statement.then(
      () => this.sent.delete(statement),
      () => undefined,
    );
  }

  /** Runs `work`, then waits for every statement it left pending. */
  async run<T>(work: (pending: this) => Promise<T>): Promise<T> {
    const client = await this.client();
    const wasPipelined = client?.pipeline ?? false;
    if (client) client.pipeline = true;
    let result: T | undefined;
    const errors: unknown[] = [];
    try {
      result = await work(this);
    } catch (error) {
      errors.push(error);
    }
    const outcomes = await Promise.allSettled([...this.sent]);
    this.sent.clear();
    if (client) client.pipeline = wasPipelined;
    // Pending statements first: those sent before the work failed are what aborted it.
    const failures = [
      ...outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : [])),
      ...errors,
    ];
    if (failures.length > 0) throw failures.find((error) => !isAbortedTransaction(error)) ?? failures[0];
    return result as T;
  }

  /** The transaction's node-postgres client, when it has a pipeline mode. */
  private async client(): Promise<PipelineClient | null> {
    const connection = (await this.manager.queryRunner?.connect()) as Partial<PipelineClient> | undefined;
    return typeof connection?.pipeline === 'boolean' ? (connection as PipelineClient) : null;
  }
}

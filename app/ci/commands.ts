import {
  claimDelivery,
  findWorkOrderByPullRequest,
  getOpenEscalation,
  isFinalState,
  listWorkOrdersForIssue,
  quarantineTest,
  recordDecision,
  releaseQuarantinedTest,
  testKey,
  resolveEscalation,
  transitionWorkOrder,
  type JsonObject,
  type Store,
  type WorkOrder,
} from '../../src/store/index.ts';
import { formatConfigIssues } from '../config/index.ts';
import { inertText } from '../edits/index.ts';
import type { GitHub, RepoRef } from '../github/repo-ref.ts';
import { checkPermission, isBot } from '../intake/check-permission.ts';
import { commentOnce, deliveryActedOn, markActedOn } from '../intake/act-once.ts';
import { handleRetryOfEnded } from '../intake/handle-retry-command.ts';
import { loadRepoConfig } from '../intake/load-repo-config.ts';
import { sendStepJob } from '../worker/step-job.ts';
import { attemptContext, currentAttempt, nextAttempt } from '../worker/attempt.ts';
import { stopWorkOrder } from './stop-work-order.ts';

/** A person's reply to the App. */
export type Command =
  | { name: 'retry'; model: string | null }
  | { name: 'abort' }
  | { name: 'quarantine'; test: string; reason: string | null }
  | { name: 'unquarantine'; test: string };

/** What a reply could not be read as, in words for the person. */
export type CommandParse = { ok: true; command: Command } | { ok: false; error: string } | null;

const USAGE = '`/punchlist retry`, `/punchlist retry --model NAME`, `/punchlist abort`, `/punchlist quarantine TEST [reason]` or `/punchlist unquarantine TEST`';

/** The most characters of a test name or reason kept from a command. */
const MAX_COMMAND_TEXT = 300;

/**
 * The test a quarantine command names, and what follows it: a quoted name (`"a > b"`, `` `a > b` `` or `'a > b'`,
 * for names with spaces) or one word.
 */
function takeTest(rest: string): { test: string; after: string } | null {
  const quoted = /^(["'`])(.+?)\1(?:\s+(.*))?$/.exec(rest);
  if (quoted) return { test: quoted[2]!.trim(), after: (quoted[3] ?? '').trim() };
  const word = /^(\S+)(?:\s+(.*))?$/.exec(rest);
  return word ? { test: word[1]!, after: (word[2] ?? '').trim() } : null;
}

function parseQuarantine(name: 'quarantine' | 'unquarantine', rest: string): CommandParse {
  const usage = name === 'quarantine' ? '`/punchlist quarantine TEST [reason]` (quote a name with spaces)' : '`/punchlist unquarantine TEST` (quote a name with spaces)';
  const taken = takeTest(rest.trim());
  if (!taken || testKey(taken.test) === '') return { ok: false, error: `Name the test: ${usage}` };
  if (taken.test.length > MAX_COMMAND_TEXT) return { ok: false, error: `That test name is over ${MAX_COMMAND_TEXT} characters: ${usage}` };
  if (name === 'unquarantine') return taken.after === '' ? { ok: true, command: { name, test: taken.test } } : { ok: false, error: `Only the test follows: ${usage}` };
  return { ok: true, command: { name, test: taken.test, reason: taken.after === '' ? null : taken.after.slice(0, MAX_COMMAND_TEXT) } };
}

/**
 * Reads a `/punchlist …` command from the first non-empty line of a comment; null when the comment is not one
 * (so ordinary discussion, and the App's own comments that quote the commands mid-line, are left alone).
 */
export function parseCommand(body: string): CommandParse {
  const first = body.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  if (!/^\/punchlist(\s|$)/.test(first)) return null;
  const words = first.split(/\s+/).slice(1);
  const named = /^\/punchlist\s+(quarantine|unquarantine)(?:\s+(.*))?$/.exec(first);
  if (named) return parseQuarantine(named[1] as 'quarantine' | 'unquarantine', named[2] ?? '');
  if (words[0] === 'abort' && words.length === 1) return { ok: true, command: { name: 'abort' } };
  if (words[0] === 'retry' && words.length === 1) return { ok: true, command: { name: 'retry', model: null } };
  if (words[0] === 'retry' && words[1] === '--model' && words.length === 3 && words[2]) return { ok: true, command: { name: 'retry', model: words[2] } };
  // The person's words are not repeated: a reply that quotes them would carry their @mentions and links.
  return { ok: false, error: `That is not a Punchlist command: use ${USAGE}` };
}

/** A comment that may hold a command. */
export interface CommentEvent {
  deliveryId: string;
  repository: string;
  repo: RepoRef;
  /** The issue or pull request number the comment is on. */
  number: number;
  onPullRequest: boolean;
  body: string;
  sender: { login: string; type: string };
}

/** Answers the command once (found by its marker before it is posted), then records the delivery as acted on. */
async function reply(github: GitHub, event: CommentEvent, body: string, store: Store): Promise<void> {
  await commentOnce(github, { ...event.repo, issue_number: event.number }, event.deliveryId, body);
  await markActedOn(store, event.deliveryId, 'issue_comment.created');
}

/** What the comment handler did: handed a command to the queue, or left the comment alone (and why). */
export type CommentHandling = string;

/**
 * The webhook handler of `issue_comment.created`: it only reads the event and the store, and enqueues (DESIGN.md).
 * A comment that is a `/punchlist` command on an issue or pull request with a work order becomes a command job,
 * sent once per delivery; checking the author's permission and carrying the command out or refusing it is the
 * command step's (`commandStep`).
 */
export async function handleCommentDelivery(event: CommentEvent, store: Store): Promise<CommentHandling> {
  if (isBot(event.sender)) return 'a bot\'s comment';
  if (parseCommand(event.body) === null) return 'not a command';
  const order = await findOrder(store, event);
  if (!order) return `no work order for #${event.number}`;
  return (await sendStepJob(store, { workOrderId: order.id, command: event }, `command:${event.deliveryId}`)) ? `command queued for work order ${order.id}` : 'a redelivery';
}

/**
 * The command step, run by the queue: `/punchlist retry` on a failed or budget-exhausted work order starts it again
 * (app/intake/handle-retry-command.ts); every other command is `handleComment`'s. Idempotent: a delivery acted on
 * is recorded (with the transition, or after the reply), and a reply is found by its marker before it is posted.
 */
export async function commandStep(event: CommentEvent, github: GitHub, store: Store): Promise<string> {
  if (await deliveryActedOn(store, event.deliveryId)) return 'acted on already';
  return (await handleRetryOfEnded(event, github, store)) ?? handleComment(event, github, store);
}

async function findOrder(store: Store, event: CommentEvent): Promise<WorkOrder | null> {
  if (event.onPullRequest) return findWorkOrderByPullRequest(store.db, event.repository, event.number);
  return (await listWorkOrdersForIssue(store.db, event.repository, event.number)).at(-1) ?? null;
}

/**
 * Carries out a person's answer: `retry` gives an escalated work order one more refinement cycle (reading
 * `.github/punchlist.yml` again, so a raised budget or a new model counts), with `--model` a new attempt with that
 * model; `abort` stops the work order in any unfinished state. Only people with write access; the choice is
 * recorded on the escalation as `resolved_by` and as a decision.
 */
export async function handleComment(event: CommentEvent, github: GitHub, store: Store): Promise<string> {
  if (isBot(event.sender)) return 'a bot\'s comment';
  const parsed = parseCommand(event.body);
  if (parsed === null) return 'not a command';
  const order = await findOrder(store, event);
  if (!order) return `no work order for #${event.number}`;
  // Permission first, whatever the command says: someone who may not direct Punchlist gets one fixed sentence, with
  // no mention of anyone (not even them: a reply is not a way to notify people) and none of their words.
  const permission = await checkPermission(github, event.repo, event.sender.login);
  if (!permission.allowed) {
    await reply(github, event, `Punchlist follows only people with write, maintain or admin permission on this repository; this command's author has "${permission.role}", so nothing was done.`, store);
    return `refused: ${event.sender.login} is ${permission.role}`;
  }
  if (!parsed.ok) {
    await reply(github, event, `@${event.sender.login} ${parsed.error}.`, store);
    return 'unreadable command';
  }
  const command = parsed.command;
  const who = event.sender.login;
  if (command.name === 'quarantine' || command.name === 'unquarantine') return quarantineCommand(command, event, order, github, store);
  if (command.name === 'abort') {
    const from = await stopWorkOrder(store, order, {
      conclusion: `Aborted by @${who}`,
      by: who,
      evidence: { command: '/punchlist abort', sender: who, deliveryId: event.deliveryId },
      next: 'Nothing; the pull request stays for a person to finish or close',
      key: `command:${event.deliveryId}`,
    });
    await markActedOn(store, event.deliveryId, 'issue_comment.created');
    return from ? `work order ${order.id} aborted by ${who}` : `work order ${order.id} had already ended`;
  }

  if (order.state !== 'escalated') {
    const why = isFinalState(order.state) ? `has ended (${order.state})` : `is ${order.state}, not waiting for a person`;
    await reply(github, event, `@${who} nothing to retry: work order ${order.id} ${why}.`, store);
    return `retry refused: ${order.state}`;
  }
  const loaded = await loadRepoConfig(github, event.repo);
  if (!loaded.result.ok) {
    await reply(github, event, formatConfigIssues(loaded.result.issues), store);
    return 'retry refused: bad configuration';
  }
  const config = loaded.result.config;
  const attempt = currentAttempt(order);
  const modelName = command.model ?? attempt.model;
  const model = config.models.find((m) => m.name === modelName);
  if (!model) {
    // The name is the person's text: shown inert and cut short, so it can neither mention nor flood.
    await reply(github, event, `@${who} there is no model "${inertText(modelName.slice(0, 100))}" in .github/punchlist.yml; configured: ${config.models.map((m) => `\`${m.name}\``).join(', ') || 'none'}.`, store);
    return `retry refused: unknown model ${modelName}`;
  }
  const escalation = await getOpenEscalation(store.db, order.id);
  const resolution = command.model ? `retry --model ${model.name}` : 'retry';
  // Its first change is the next cycle, so an attempt green at once records 0 cycles of its own.
  const next = nextAttempt(attempt, model.name, order.cycle + 1);
  const moved = await store.transaction(async (tx) => {
    // Recorded with the move: the step run again finds the delivery acted on.
    await claimDelivery(tx.db, event.deliveryId, 'issue_comment.created');
    const result = await transitionWorkOrder(tx, {
      id: order.id,
      from: 'escalated',
      to: 'refining',
      patch: {
        model: model.name,
        context: {
          // The configuration as it is now decides the rest of the work order; the previous attempt's outcome was
          // recorded when it escalated, so this is a new attempt.
          config: config as unknown as JsonObject,
          ...attemptContext(next),
          cycleLimit: Math.max(config.max_cycles, order.cycle + 1),
          // The refinement step's job takes the label off; this handler only writes and enqueues.
          removeNeedsHuman: true,
        },
      },
      decision: {
        kind: 'escalation',
        conclusion: `@${who} answered the escalation: ${resolution}`,
        // `override`: a person chose the model; the statistics count the attempt as such (src/store/patterns.ts).
        evidence: {
          command: `/punchlist ${resolution}`,
          sender: who,
          role: permission.role,
          escalationId: escalation?.id ?? null,
          deliveryId: event.deliveryId,
          model: model.name,
          attempt: next.number,
          override: command.model !== null,
        },
        next: `Ask "${model.name}" to fix the failures (refinement cycle ${order.cycle + 1})`,
      },
      enqueue: {},
    });
    if (result.ok) await resolveEscalation(tx.db, order.id, { resolvedBy: who, resolution });
    else await recordDecision(tx.db, { workOrderId: order.id, kind: 'skip', conclusion: `@${who}'s "${resolution}" came too late: the work order moved on`, key: `command:${event.deliveryId}` });
    return result.ok;
  });
  if (!moved) return `work order ${order.id} moved on before the retry`;
  return `work order ${order.id}: ${resolution} by ${who}`;
}

/** A test name from a person, fit to show: inert (no mention, link or HTML acts) and cut short. */
function shownTest(test: string): string {
  return `"${inertText(test.slice(0, 100)).replace(/[`\r\n]/g, "'")}${test.length > 100 ? '…' : ''}"`;
}

/**
 * `/punchlist quarantine TEST [reason]` and `/punchlist unquarantine TEST` (the author's permission already
 * checked): the repository's quarantine list in the store changes, the change is recorded as a `quarantine`
 * decision on the work order the command was said on (idempotent by the delivery), and the reply says what it
 * means without repeating the reason.
 */
async function quarantineCommand(
  command: Extract<Command, { name: 'quarantine' | 'unquarantine' }>,
  event: CommentEvent,
  order: WorkOrder,
  github: GitHub,
  store: Store,
): Promise<string> {
  const who = event.sender.login;
  const shown = shownTest(command.test);
  const evidence = { command: `/punchlist ${command.name}`, test: command.test, sender: who, deliveryId: event.deliveryId };
  if (command.name === 'quarantine') {
    const { added } = await store.transaction(async (tx) => {
      const result = await quarantineTest(tx.db, { repository: event.repository, test: command.test, by: who, reason: command.reason });
      await recordDecision(tx.db, {
        workOrderId: order.id,
        kind: 'quarantine',
        conclusion: result.added ? `@${who} quarantined test ${shown}: its failures are left out of decisions` : `@${who} asked to quarantine test ${shown}, which was quarantined already`,
        evidence: { ...evidence, reason: command.reason, added: result.added },
        next: 'Its failures stay in reports but are not sent to a model nor held against a work order, until `/punchlist unquarantine`',
        key: `command:${event.deliveryId}`,
      });
      return result;
    });
    await reply(
      github,
      event,
      added
        ? `@${who} quarantined test ${shown} in this repository: its failures still show in reports, but Punchlist leaves them out of its decisions (no model call, no refinement cycle) until \`/punchlist unquarantine\`.`
        : `@${who} test ${shown} is quarantined already; nothing changed.`,
      store,
    );
    return added ? `${who} quarantined ${command.test}` : `${command.test} was quarantined already`;
  }
  const { removed } = await store.transaction(async (tx) => {
    const result = await releaseQuarantinedTest(tx.db, { repository: event.repository, test: command.test, by: who });
    await recordDecision(tx.db, {
      workOrderId: order.id,
      kind: 'quarantine',
      conclusion: result.removed ? `@${who} took test ${shown} out of quarantine: its failures count in decisions again` : `@${who} asked to unquarantine test ${shown}, which was not quarantined`,
      evidence: { ...evidence, removed: result.removed },
      next: result.removed ? 'Its failures are decided on again' : 'Nothing',
      key: `command:${event.deliveryId}`,
    });
    return result;
  });
  await reply(
    github,
    event,
    removed
      ? `@${who} test ${shown} is out of quarantine: its failures count in Punchlist's decisions again.`
      : `@${who} test ${shown} was not quarantined with \`/punchlist quarantine\`; a test listed under \`quarantine:\` in .github/punchlist.yml stays there until it is removed from that file.`,
    store,
  );
  return removed ? `${who} unquarantined ${command.test}` : `${command.test} was not quarantined`;
}

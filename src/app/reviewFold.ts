/**
 * A review's events folded into the run's view: the review's start says what the engine's start
 * would (labels, rounds), its findings become the panel's findings, and the batches of a change
 * show as one review whose findings are numbered across them.
 */
import { toFindingView } from '../editor/findings';
import type { ReviewFinding } from '../review/types';
import { applyEvent, type FindingView, type RunView } from '../shared/runView';
import type { ChangesEvent } from './reviewChanges';
import type { AppLog } from './types';

/** What the fold keeps between events of one review. */
export interface ReviewFold {
  /** The reviewed file, for findings that do not name their own. */
  file: string | undefined;
  /** Findings of a change's finished batches. */
  earlier: FindingView[];
}

/** The view after `event`; `log` takes what a person looking into the review would want to read. */
export function foldReviewEvent(
  view: RunView,
  event: ChangesEvent,
  fold: ReviewFold,
  log: (level: keyof AppLog, message: string) => void,
): RunView {
  switch (event.type) {
    case 'batch-start':
      // Findings of the batches done stay listed; the next batch's are numbered after them.
      fold.earlier = view.findings;
      log('info', `: reviewing ${event.batches > 1 ? `batch ${event.batch} of ${event.batches}: ` : ''}${event.files.join(', ')}.`);
      return view;
    case 'review-start': {
      const started = applyEvent(view, {
        type: 'start',
        participants: event.participants,
        labels: event.labels,
        seed: event.seed,
        mode: 'consensus',
        rounds: event.rounds,
      });
      // The bound said before the review started stands (a batch's own budget is a part of a change's).
      return view.estimatedMaxCalls !== undefined ? { ...started, estimatedMaxCalls: view.estimatedMaxCalls } : started;
    }
    case 'findings': {
      const batch = reviewedFindings(view, event.findings, fold.file);
      const earlier = fold.earlier;
      const findings = [
        ...earlier,
        ...batch.map((finding, index) => (earlier.length > 0 ? { ...finding, id: `F${earlier.length + index + 1}` } : finding)),
      ];
      return applyEvent(view, { type: 'review', findings });
    }
    case 'finding-decided':
      log('info', `, round ${event.round}: ${event.finding} ${event.state} (share ${Math.round(event.share * 100)}%).`);
      return view;
    case 'parsed': {
      const agent = view.agents.find((candidate) => candidate.id === event.participant)?.name ?? event.participant;
      for (const reason of event.skipped) log('warn', `, round ${event.round}: skipped part of ${agent}'s reply: ${reason}`);
      if (event.repairs.length > 0) log('info', `, round ${event.round}: repaired ${agent}'s reply: ${event.repairs.join('; ')}`);
      return view;
    }
    default:
      return applyEvent(view, event);
  }
}

/** `findings` as the panel shows them, with the run's anonymous labels. */
export function reviewedFindings(view: RunView, findings: readonly ReviewFinding[], file: string | undefined): FindingView[] {
  const labels = Object.fromEntries(view.agents.filter((agent) => agent.label).map((agent) => [agent.id, agent.label]));
  return findings.map((finding) => toFindingView(finding, labels, file));
}

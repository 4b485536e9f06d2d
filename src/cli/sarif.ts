/**
 * A change review as SARIF 2.1.0, the format code-scanning tools read. Accepted findings are
 * results at their file and lines, at the level of their severity (info is SARIF's "note"), with
 * the agreed replacement as a fix. Disputed findings (no consensus either way) are results of
 * their own rule at level "note" without a fix, so a reader can tell them apart and a gate can
 * ignore them; rejected findings are left out. Every result says who supported and opposed it.
 */
import type { FindingOutcome, ReviewOutcome } from '../app/outcome';
import type { LeftOut } from '../review/changes/plan';

/** The two rules results belong to. */
export const SARIF_RULES = { accepted: 'consensus/accepted-finding', disputed: 'consensus/disputed-finding' } as const;

type SarifLevel = 'error' | 'warning' | 'note';

function levelOf(finding: FindingOutcome): SarifLevel {
  if (finding.state !== 'accepted') return 'note';
  return finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'note';
}

function location(finding: FindingOutcome & { file: string }): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
      region: { startLine: finding.startLine, endLine: finding.endLine },
    },
  };
}

function resultOf(finding: FindingOutcome & { file: string }): Record<string, unknown> {
  const who = `Supported by ${finding.support.join(', ') || 'none'}${finding.opposition.length > 0 ? `; opposed by ${finding.opposition.join(', ')}` : ''}.`;
  const explanation =
    finding.explanation.trim() === '' || finding.explanation.trim() === finding.title ? '' : ` ${finding.explanation.trim()}`;
  const result: Record<string, unknown> = {
    ruleId: finding.state === 'accepted' ? SARIF_RULES.accepted : SARIF_RULES.disputed,
    ruleIndex: finding.state === 'accepted' ? 0 : 1,
    level: levelOf(finding),
    message: { text: `${finding.title.replace(/[.!?]+$/, '')}.${explanation} ${who}` },
    locations: [location(finding)],
    properties: { consensus: finding.state, severity: finding.severity, support: finding.support, opposition: finding.opposition },
  };
  if (finding.state === 'accepted' && finding.replacement !== undefined) {
    result.fixes = [
      {
        description: {
          text: `The replacement the agents agreed on for ${finding.startLine === finding.endLine ? `line ${finding.startLine}` : `lines ${finding.startLine}-${finding.endLine}`}.`,
        },
        artifactChanges: [
          {
            artifactLocation: { uri: encodeURI(finding.file), uriBaseId: '%SRCROOT%' },
            // A region of whole lines without columns: the text of those lines, not their last line break.
            replacements: [
              { deletedRegion: { startLine: finding.startLine, endLine: finding.endLine }, insertedContent: { text: finding.replacement } },
            ],
          },
        ],
      },
    ];
  }
  return result;
}

/** The SARIF log of a change review. `leftOut` goes into the run's notifications. */
export function reviewSarif(outcome: ReviewOutcome, leftOut: readonly LeftOut[], version: string): Record<string, unknown> {
  const located = outcome.findings.filter(
    (finding): finding is FindingOutcome & { file: string } => finding.file !== undefined && finding.state !== 'rejected',
  );
  const notifications = [
    ...leftOut.map((entry) => ({
      level: 'note',
      message: { text: `${entry.file}: ${entry.reason}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(entry.file), uriBaseId: '%SRCROOT%' } } }],
    })),
    ...outcome.failures.map((failure) => ({ level: 'warning', message: { text: `Agent ${failure.agent} failed: ${failure.error}` } })),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'consensus',
            version,
            rules: [
              {
                id: SARIF_RULES.accepted,
                name: 'AcceptedFinding',
                shortDescription: { text: 'A problem most of the reviewing agents accepted.' },
                fullDescription: {
                  text: "Several independent AI agents reviewed the change, then judged each other's findings; a supermajority of them accepted this one (the protocol's beta2).",
                },
                defaultConfiguration: { level: 'warning' },
              },
              {
                id: SARIF_RULES.disputed,
                name: 'DisputedFinding',
                shortDescription: { text: 'A problem the reviewing agents neither accepted nor rejected.' },
                fullDescription: {
                  text: 'Some agents support this finding and others do not; no supermajority formed either way. Shown for a person to judge; it never fails the check.',
                },
                defaultConfiguration: { level: 'note' },
              },
            ],
          },
        },
        invocations: [
          {
            executionSuccessful: outcome.reason !== 'all-failed' && outcome.reason !== 'cancelled',
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: located.map(resultOf),
        properties: { final: outcome.final, reason: outcome.reason, agents: outcome.agents, calls: outcome.calls, counts: outcome.counts },
      },
    ],
  };
}

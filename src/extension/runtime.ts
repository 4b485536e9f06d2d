/**
 * The heavy part of the extension (the agents layer: zod, the MCP SDK and every adapter; and the
 * consensus engine with its answer reader: marked's lexer, math.js, the code tokenizers), bundled
 * on its own as dist/runtime.js and loaded on first use through `agentsRuntime()`, so activation
 * does not pay for it.
 */
export { AgentConfigError, agentsToExecute, createAgent, parseAgentsConfig } from '../agents';
export { startConsensus } from '../app/consensus';
// The run session, loaded with the engine it starts (the extension imports only its types).
export { startChangesSession, startConsensusSession, startReviewSession } from '../app/session';
// The tools' input schemas (zod) and the outcome (it reads answers with the engine's answer
// reader): used when a tool, the chat or the Consensus model runs, not at activation.
export { ASK_TOOL, askResult, checkToolInput, REVIEW_TOOL, reviewResult } from '../app/tools';
export { consensusOutcome, reviewOutcome } from '../app/outcome';

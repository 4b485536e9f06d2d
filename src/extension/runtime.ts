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

/**
 * The heavy part of the extension (the agents layer: zod, the MCP SDK and every adapter), bundled
 * on its own as dist/runtime.js and loaded on first use through `agentsRuntime()`, so activation
 * does not pay for it.
 */
export { AgentConfigError, agentsToExecute, createAgent, parseAgentsConfig } from '../agents';

/**
 * Public surface of the MCP mesh: every agent an MCP server to the others. No `vscode` import.
 */
export { Mesh } from './mesh';
export type { MeshEndpoint, MeshOptions } from './mesh';
export { meshExecute, PHASE_TOOLS, runMeshConsensus } from './consensus';
export type { MeshConsensusOptions } from './consensus';
export { MeshError, MeshLimitError, isMeshLimitError } from './errors';
export type { MeshLimit } from './errors';
export { LOCAL_TOOLS, createAgentServer, discussPrompt, reviewPrompt } from './agentServer';
export type { LocalTool } from './agentServer';
export { consultTool, meshTurnOf } from './turn';
export type { ConsultTool } from './turn';
export {
  DEFAULT_MAX_CONSULTS,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MESH_TIMEOUT_MS,
  META_CALLER,
  META_CHAIN,
  META_DEPTH,
  META_RUN,
  META_USAGE,
} from './types';
export type {
  BroadcastResult,
  MeshAgentRequest,
  MeshCallOptions,
  MeshCallRecord,
  MeshLimits,
  MeshReply,
  MeshRun,
  MeshTool,
  MeshTurn,
} from './types';

// Reads for the admin pages (each takes the town's id: another town's ids find nothing).
import { countAgentsByStatus, countAgentsByTownAndStatus, getAgent, getRole, listAgents, listRoles } from "@/lib/agents/repo";

export const agentsOfTown = (tenantId: string) => listAgents(tenantId);
export const agentOfTown = (tenantId: string, agentId: string) => getAgent(tenantId, agentId);
export const rolesOfTownWithCounts = (tenantId: string) => listRoles(tenantId);
export const roleOfTown = (tenantId: string, roleId: string) => getRole(tenantId, roleId);
export const agentCounts = (tenantId: string) => countAgentsByStatus(tenantId);
/** Platform level (operator): counts of every town at once. */
export const agentCountsPerTown = () => countAgentsByTownAndStatus();

// Public surface of public projects, communal banks and the transfer ledger (docs/projects.md):
// other modules (plan monitoring, subnational governments, the communal economy) create and read
// projects and the ledger through these.
export { projectsModule } from './module.ts';
export { createProject, getProject, milestonesOf, reportMilestone, searchProjects, updateProgress, type Actor, type ProjectInput } from './projects.service.ts';
export { bankAccounts, ledgerTotals, recordTransfer, registerBankAccount, transfersOf, type AgencyClient, type TransferInput } from './ledger.service.ts';
export { observationsOf } from './observations.service.ts';
export { registerSocialUnit, socialUnits, type SocialUnitInput } from './social-unit.service.ts';
export type { SocialUnit } from './bank.types.ts';
export { CIRCUIT_LAYER, type BankAccount, type Milestone, type Observation, type Project, type ProjectKind, type ProjectStatus, type TotalLine, type Transfer } from './projects.types.ts';

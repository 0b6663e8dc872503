// The one ordered list of modules: the only file that knows them all. A module comes after
// every module it depends on.
import type { ModuleDefinition } from './platform/module.ts';
import { agenciesModule } from './modules/agencies/index.ts';
import { casesModule } from './modules/cases/index.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { mailboxModule } from './modules/mailbox/index.ts';
import { messagingModule } from './modules/messaging/index.ts';
import { paymentsModule } from './modules/payments/index.ts';
import { open311Module } from './modules/open311/index.ts';
import { portalModule } from './modules/portal/index.ts';
import { reportsModule } from './modules/reports/index.ts';
import { territoriesModule } from './modules/territories/index.ts';
import { cartographyModule } from './modules/cartography/index.ts';
import { openDataModule } from './modules/open_data/index.ts';
import { documentsModule } from './modules/documents/index.ts';
import { registriesModule } from './modules/registries/index.ts';
import { observatoryModule } from './modules/observatory/index.ts';
import { consultationsModule } from './modules/consultations/index.ts';
import { interopModule } from './modules/interop/index.ts';
import { situationRoomModule } from './modules/situation_room/index.ts';
import { projectsModule } from './modules/projects/index.ts';
import { normsModule } from './modules/norms/index.ts';
import { peaceJusticeModule } from './modules/peace_justice/index.ts';
import { procurementModule } from './modules/procurement/index.ts';
import { postalModule } from './modules/postal/index.ts';
import { trainingModule } from './modules/training/index.ts';
import { cgiiModule } from './modules/cgii/index.ts';
import { transparencyModule } from './modules/transparency/index.ts';
import { enterprisesModule } from './modules/enterprises/index.ts';
import { marketplaceModule } from './modules/marketplace/index.ts';

// projects seeds before open_data, whose seed snapshots every module's open datasets: a
// module seeding after it would change them under the snapshot (test/demo-seed.db.test.ts).
export const modules: ModuleDefinition[] = [
  territoriesModule,
  agenciesModule,
  messagingModule,
  identityModule,
  mailboxModule,
  catalogModule,
  // The registries and the exchange come before cases: applications read registry values
  // through the exchange (once-only prefill; docs/adr/0007-prefill-through-the-exchange.md).
  registriesModule,
  interopModule,
  casesModule,
  paymentsModule,
  documentsModule,
  reportsModule,
  open311Module,
  cartographyModule,
  observatoryModule,
  projectsModule,
  // After projects and reports: the ACA links an action to their items (checked through their index).
  situationRoomModule,
  normsModule,
  consultationsModule,
  peaceJusticeModule,
  procurementModule,
  postalModule,
  trainingModule,
  cgiiModule,
  transparencyModule,
  enterprisesModule,
  marketplaceModule,
  openDataModule,
  portalModule,
];

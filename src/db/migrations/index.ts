import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-files.js';
import * as m0003 from './0003-points.js';
import * as m0004 from './0004-branch-eval.js';
import * as m0005 from './0005-branch-eval-grade-rules.js';
import * as m0006 from './0006-branch-eval-corrections.js';
import * as m0007 from './0007-peer-anonymity.js';
import * as m0008 from './0008-login-address.js';
import * as m0010 from './0010-projects.js';
import * as m0011 from './0011-solar-terms.js';
import * as m0012 from './0012-inspection-campaign.js';
import * as m0013 from './0013-inspection.js';
import * as m0014 from './0014-inspection-ballots.js';
import * as m0015 from './0015-loops.js';
import * as m0016 from './0016-peer-draw.js';
import * as m0017 from './0017-project-links.js';
import * as m0019 from './0019-inspection-covering-indexes.js';
import * as m0021 from './0021-page-indexes.js';
import * as m0022 from './0022-close-at-scale.js';
import * as m0023 from './0023-board-totals.js';
import * as m0024 from './0024-score-fillfactor.js';
import * as m0025 from './0025-year-result-derived-keys.js';
import * as m0026 from './0026-approval-writes.js';
import * as m0027 from './0027-data-version.js';
import * as m0028 from './0028-data-version-branch-eval.js';
import * as m0030 from './0030-board-total-derived-keys.js';
import * as m0031 from './0031-member-order.js';
import * as m0032 from './0032-data-version-entries.js';

/** Every migration, in order. A static list works the same under tsx, a bundle and tests. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-files': m0002,
  '0003-points': m0003,
  '0004-branch-eval': m0004,
  '0005-branch-eval-grade-rules': m0005,
  '0006-branch-eval-corrections': m0006,
  '0007-peer-anonymity': m0007,
  '0008-login-address': m0008,
  '0011-solar-terms': m0011,
  '0010-projects': m0010,
  '0012-inspection-campaign': m0012,
  '0013-inspection': m0013,
  '0014-inspection-ballots': m0014,
  '0016-peer-draw': m0016,
  '0022-close-at-scale': m0022,
  '0015-loops': m0015,
  '0017-project-links': m0017,
  '0019-inspection-covering-indexes': m0019,
  '0021-page-indexes': m0021,
  '0023-board-totals': m0023,
  '0024-score-fillfactor': m0024,
  '0025-year-result-derived-keys': m0025,
  '0026-approval-writes': m0026,
  '0027-data-version': m0027,
  '0028-data-version-branch-eval': m0028,
  '0030-board-total-derived-keys': m0030,
  '0031-member-order': m0031,
  '0032-data-version-entries': m0032,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-foundation.js';

/** Every migration, in order. A static list works the same under tsx, a bundle and tests. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

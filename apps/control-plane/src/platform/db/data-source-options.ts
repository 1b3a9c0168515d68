import { ALL_MIGRATIONS } from '@portcullis/migrations';
import type { DataSourceOptions } from 'typeorm';
import { TenantEntity } from '../../modules/tenants/entities/tenant.entity.js';

/** Every entity of every module; TypeORM needs them all on the one data source. */
export const ENTITIES = [TenantEntity];

/** Connection options shared by the application and the migration runner. Never `synchronize`. */
export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}

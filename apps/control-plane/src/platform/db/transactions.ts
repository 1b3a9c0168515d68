import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs work in one database transaction. Services use it so a change and the audit event that
 * records it commit or roll back together; repositories take the `manager` it hands out.
 *
 * Inside the work, every query must go through `manager`: the embedded database has a single
 * connection, so a query on another connection would wait for the transaction forever.
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}

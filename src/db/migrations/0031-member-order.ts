import { type Kysely, PostgresAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a frozen migration must not depend on the app's evolving schema types
type Db = Kysely<any>;

/**
 * The members of every party org's subtree in employee-number order (ARCHITECTURE.md, "A
 * subtree's members in employee-number order"): one row per member and per ancestor of the
 * member's branch (the branch itself included), keyed by (org, employee number), so that a
 * committee's page of its list, its cursor pages and its count are one range of one index.
 *
 * The rows are a function of `member` (branch, employee number, active flag) and `org_closure`,
 * kept true by triggers on those two tables whatever writes them (the API, the import, the seeds,
 * an org moved): a write to one table adds or removes its rows joined with the other as it stands.
 * On PostgreSQL the triggers run once per statement over its transition tables, so a bulk insert
 * of members or closure rows stays one set-based insert; SQLite's run per row (an index lookup
 * in-process). No foreign keys: every id is copied from `member` or `org_closure`.
 */
export async function up(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`create table member_order (
      org_id integer not null,
      employee_no text not null,
      member_id integer not null,
      active integer not null,
      primary key (org_id, employee_no) include (active, member_id)
    )`.execute(db);
    await sql`create function member_order_member_insert() returns trigger language plpgsql as $$
      begin
        insert into member_order (org_id, employee_no, member_id, active)
        select c.ancestor_id, n.employee_no, n.id, n.active
        from member_order_new n join org_closure c on c.descendant_id = n.branch_id;
        return null;
      end $$`.execute(db);
    await sql`create function member_order_member_update() returns trigger language plpgsql as $$
      begin
        delete from member_order o
        using member_order_old d join member_order_new n on n.id = d.id
          join org_closure c on c.descendant_id = d.branch_id
        where (d.branch_id is distinct from n.branch_id or d.employee_no <> n.employee_no or d.active <> n.active)
          and o.org_id = c.ancestor_id and o.employee_no = d.employee_no;
        insert into member_order (org_id, employee_no, member_id, active)
        select c.ancestor_id, n.employee_no, n.id, n.active
        from member_order_old d join member_order_new n on n.id = d.id
          join org_closure c on c.descendant_id = n.branch_id
        where d.branch_id is distinct from n.branch_id or d.employee_no <> n.employee_no or d.active <> n.active;
        return null;
      end $$`.execute(db);
    await sql`create function member_order_member_delete() returns trigger language plpgsql as $$
      begin
        delete from member_order o
        using member_order_old d join org_closure c on c.descendant_id = d.branch_id
        where o.org_id = c.ancestor_id and o.employee_no = d.employee_no;
        return null;
      end $$`.execute(db);
    await sql`create function member_order_closure_insert() returns trigger language plpgsql as $$
      begin
        insert into member_order (org_id, employee_no, member_id, active)
        select n.ancestor_id, m.employee_no, m.id, m.active
        from member_order_new n join member m on m.branch_id = n.descendant_id;
        return null;
      end $$`.execute(db);
    await sql`create function member_order_closure_delete() returns trigger language plpgsql as $$
      begin
        delete from member_order o
        using member_order_old d join member m on m.branch_id = d.descendant_id
        where o.org_id = d.ancestor_id and o.employee_no = m.employee_no;
        return null;
      end $$`.execute(db);
    await sql`create trigger member_order_member_insert after insert on member
      referencing new table as member_order_new
      for each statement execute function member_order_member_insert()`.execute(db);
    await sql`create trigger member_order_member_update after update on member
      referencing old table as member_order_old new table as member_order_new
      for each statement execute function member_order_member_update()`.execute(db);
    await sql`create trigger member_order_member_delete after delete on member
      referencing old table as member_order_old
      for each statement execute function member_order_member_delete()`.execute(db);
    await sql`create trigger member_order_closure_insert after insert on org_closure
      referencing new table as member_order_new
      for each statement execute function member_order_closure_insert()`.execute(db);
    await sql`create trigger member_order_closure_delete after delete on org_closure
      referencing old table as member_order_old
      for each statement execute function member_order_closure_delete()`.execute(db);
  } else {
    await sql`create table member_order (
      org_id integer not null,
      employee_no text not null,
      member_id integer not null,
      active integer not null,
      primary key (org_id, employee_no)
    ) without rowid`.execute(db);
    await sql`create trigger member_order_member_insert after insert on member
      when new.branch_id is not null
      begin
        insert into member_order (org_id, employee_no, member_id, active)
        select ancestor_id, new.employee_no, new.id, new.active from org_closure where descendant_id = new.branch_id;
      end`.execute(db);
    await sql`create trigger member_order_member_update after update of branch_id, employee_no, active on member
      when old.branch_id is not new.branch_id or old.employee_no <> new.employee_no or old.active <> new.active
      begin
        delete from member_order
        where org_id in (select ancestor_id from org_closure where descendant_id = old.branch_id)
          and employee_no = old.employee_no;
        insert into member_order (org_id, employee_no, member_id, active)
        select ancestor_id, new.employee_no, new.id, new.active from org_closure where descendant_id = new.branch_id;
      end`.execute(db);
    await sql`create trigger member_order_member_delete after delete on member
      when old.branch_id is not null
      begin
        delete from member_order
        where org_id in (select ancestor_id from org_closure where descendant_id = old.branch_id)
          and employee_no = old.employee_no;
      end`.execute(db);
    await sql`create trigger member_order_closure_insert after insert on org_closure
      begin
        insert into member_order (org_id, employee_no, member_id, active)
        select new.ancestor_id, employee_no, id, active from member where branch_id = new.descendant_id;
      end`.execute(db);
    await sql`create trigger member_order_closure_delete after delete on org_closure
      begin
        delete from member_order
        where org_id = old.ancestor_id
          and employee_no in (select employee_no from member where branch_id = old.descendant_id);
      end`.execute(db);
  }
  await sql`insert into member_order (org_id, employee_no, member_id, active)
    select c.ancestor_id, m.employee_no, m.id, m.active
    from member m join org_closure c on c.descendant_id = m.branch_id`.execute(db);
  if (pg) await sql`analyze member_order`.execute(db);
}

export async function down(db: Db): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [name, table] of [
    ['member_order_member_insert', 'member'],
    ['member_order_member_update', 'member'],
    ['member_order_member_delete', 'member'],
    ['member_order_closure_insert', 'org_closure'],
    ['member_order_closure_delete', 'org_closure'],
  ] as const) {
    if (pg) {
      await sql`drop trigger ${sql.ref(name)} on ${sql.table(table)}`.execute(db);
      await sql`drop function ${sql.ref(name)}()`.execute(db);
    } else await sql`drop trigger ${sql.ref(name)}`.execute(db);
  }
  await db.schema.dropTable('member_order').execute();
}

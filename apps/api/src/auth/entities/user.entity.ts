import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '@vigie/domain';

/** An account. Logging in comes with the access-control work; the first admin is created at start. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id!: string;

  /** Unique case-insensitively (index on lower(email) in the migration). */
  @Column({ name: 'email', type: 'text' })
  email!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'role', type: 'text' })
  role!: Role;

  @Column({ name: 'active', type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ name: 'totp_secret', type: 'text', nullable: true, select: false })
  totpSecret!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { PostSource } from '../post-source.enum.js';

@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  conversationId!: string;

  @Column('uuid')
  authorId!: string;

  /** Stored exactly as written; escaped wherever it is rendered. */
  @Column('text')
  body!: string;

  @Column({ type: 'enum', enum: PostSource, enumName: 'post_source' })
  source!: PostSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

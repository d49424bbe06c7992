import { Entity, PrimaryColumn } from 'typeorm';

@Entity('post_mentions')
export class PostMention {
  @PrimaryColumn('uuid')
  postId!: string;

  @PrimaryColumn('uuid')
  userId!: string;
}

import type { Point, Polygon } from 'geojson';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Area, SiteKind, SiteStatus } from '@vigie/domain';
import { TrackedColumns } from '../../common/tracked.columns';

/** A living site (lieu de vie). `communeCode` and `area` are set by a trigger from `location`. */
@Entity({ name: 'sites' })
export class SiteEntity extends TrackedColumns {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'aliases', type: 'text', array: true, default: () => "'{}'" })
  aliases!: string[];

  @Column({ name: 'kind', type: 'text' })
  kind!: SiteKind;

  @Index('sites_location_idx', { spatial: true })
  @Column({ name: 'location', type: 'geometry', spatialFeatureType: 'Point', srid: 4326 })
  location!: Point;

  @Column({
    name: 'perimeter',
    type: 'geometry',
    spatialFeatureType: 'Polygon',
    srid: 4326,
    nullable: true,
  })
  perimeter!: Polygon | null;

  @Index('sites_commune_code_idx')
  @Column({ name: 'commune_code', type: 'text', nullable: true, insert: false, update: false })
  communeCode!: string | null;

  @Column({ name: 'area', type: 'text', nullable: true, insert: false, update: false })
  area!: Area | null;

  @Column({ name: 'status', type: 'text', default: 'unknown' })
  status!: SiteStatus;

  @Column({ name: 'notes', type: 'text', nullable: true })
  notes!: string | null;
}

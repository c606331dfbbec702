import type { MultiPolygon } from 'geojson';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Area } from '@vigie/domain';

/** A commune of the territory: reference data, read-only through the API. */
@Entity({ name: 'communes' })
export class CommuneEntity {
  @PrimaryColumn({ name: 'code', type: 'text' })
  code!: string;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'department', type: 'text' })
  department!: string;

  @Column({ name: 'epci_code', type: 'text' })
  epciCode!: string;

  @Column({ name: 'epci_name', type: 'text' })
  epciName!: string;

  @Index('communes_area_idx')
  @Column({ name: 'area', type: 'text' })
  area!: Area;

  @Column({ name: 'population', type: 'integer', nullable: true })
  population!: number | null;

  @Index('communes_geometry_idx', { spatial: true })
  @Column({ name: 'geometry', type: 'geometry', spatialFeatureType: 'MultiPolygon', srid: 4326 })
  geometry!: MultiPolygon;
}

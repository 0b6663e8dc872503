export interface Territory {
  code: string;
  country: string;
  level: string;
  name: string;
  parentCode: string | null;
  /** Codes from the top level down to this unit (inclusive). */
  path: string[];
  isCapital: boolean;
  isDemo: boolean;
}

/** A name in both catalog languages. */
export interface Names {
  es: string;
  en: string;
}

/** A named layer of polygons that is not a tree (communal circuits, cuadrantes de paz…). */
export interface Layer {
  code: string;
  name: Names;
  description: Names | null;
  featureCount: number;
}

export interface LayerFeature {
  layerCode: string;
  code: string;
  name: Names;
}

/** One version of a unit: what it was from `validFrom` until `validTo` (null: still), who changed it and why. */
export interface TerritoryVersion {
  code: string;
  version: number;
  level: string;
  name: string;
  parentCode: string | null;
  path: string[];
  isCapital: boolean;
  validFrom: Date;
  validTo: Date | null;
  actor: string;
  reason: string;
}

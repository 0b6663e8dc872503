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

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

// Stored files: content-addressed in PostgreSQL, checked by content on upload.
export {
  checkFile,
  DATA_EXTENSIONS,
  type DataMediaType,
  decodeBase64,
  detectMediaType,
  EXTENSIONS,
  readFile,
  safeFilename,
  sha256Hex,
  storeFile,
  type FileCheck,
  type KeyMediaType,
  type MediaType,
  type StoredFile,
  type UploadMediaType,
} from './files.ts';

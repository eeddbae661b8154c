export { FileSource, hashFile, type FileFormat, type FileSourceConfig, type FileStreamState } from './source.js';
export { detectEncoding, isValidUtf8, type EncodingGuess } from './encoding.js';

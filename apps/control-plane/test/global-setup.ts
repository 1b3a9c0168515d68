export { setupTestServices as default } from '@portcullis/testing';

// Public surface of the situation room.
export { situationRoomModule } from './module.ts';

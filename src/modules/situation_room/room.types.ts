// Names of the situation room (docs/situation-room.md).

/** The territory-scoped role of the room's operators: room-only figures, instructions. */
export const ROOM_OPERATOR = 'room_operator';

export const ROOM_PATH = '/sala';

/** The notification bus topic the room's live views listen to (payload: the territory path, joined by "/"). */
export const ROOM_TOPIC = 'situation_room.changed';

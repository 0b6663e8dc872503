-- Cash on delivery (docs/postal.md, "Cash on delivery"): a parcel may carry an amount the post
-- collects from the addressee at the door (`collect_minor`, minor units of the country currency).
-- Such a parcel is delivered with the event `delivered_collected`, which says what was collected;
-- either delivery kind happens once per shipment.
ALTER TABLE postal.shipment ADD COLUMN collect_minor bigint CHECK (collect_minor > 0);
ALTER TABLE postal.tracking_event DROP CONSTRAINT tracking_event_kind_check;
ALTER TABLE postal.tracking_event ADD CONSTRAINT tracking_event_kind_check
  CHECK (kind IN ('accepted', 'in_transit', 'at_delivery_office', 'out_for_delivery', 'delivered', 'delivered_collected', 'failed_attempt', 'returned'));
ALTER TABLE postal.tracking_event ADD COLUMN collected_minor bigint CHECK (collected_minor > 0);
ALTER TABLE postal.tracking_event ADD CONSTRAINT tracking_event_collected_check CHECK ((kind = 'delivered_collected') = (collected_minor IS NOT NULL));
DROP INDEX postal.tracking_event_delivered_once;
CREATE UNIQUE INDEX tracking_event_delivered_once ON postal.tracking_event (shipment_id) WHERE kind IN ('delivered', 'delivered_collected');

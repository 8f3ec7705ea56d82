SELECT
    (SELECT count(*) FROM meetings WHERE source = 'calendly') AS "calendlyMeetings",
    (SELECT count(*) FROM webhook_deliveries WHERE outcome = 'failed') AS "failedDeliveries",
    (SELECT count(*) FROM webhook_deliveries) AS "deliveries",
    d.received_at AS "lastDeliveryAt",
    d.event_type AS "lastDeliveryEvent",
    d.outcome AS "lastDeliveryOutcome"
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (SELECT received_at, event_type, outcome FROM webhook_deliveries
                   ORDER BY id DESC LIMIT 1) AS d ON true

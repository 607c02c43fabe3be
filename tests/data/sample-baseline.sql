-- The sample meeting (tests/test_exports.py's replay) in a database at schema
-- revision 0001_baseline, as `sqlite3 .dump` writes it. Never regenerate: it is
-- what an old Floor left on disk; tests/test_schema.py upgrades it.
BEGIN TRANSACTION;
CREATE TABLE agendaitem (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	number VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	allotted_s INTEGER NOT NULL, 
	started_at DATETIME, 
	ended_at DATETIME, 
	opened_at DATETIME, 
	elapsed_s FLOAT NOT NULL, 
	list_closed_at DATETIME, 
	list_ended_at DATETIME, 
	limit_cap_s INTEGER, 
	category_limits_s JSON, 
	contingents_s JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
INSERT INTO "agendaitem" VALUES(1,'CD-TIPSOM-SAMPLE-01',0,'1','Opening of the dialogue, introductory remarks by the Chair and organizational matters (programme, speaking-time limits, hybrid modalities)',600,'2026-07-02 13:07:00.000000','2026-07-02 13:12:00.000000',NULL,300.0,NULL,NULL,NULL,'{}','{}');
INSERT INTO "agendaitem" VALUES(2,'CD-TIPSOM-SAMPLE-01',1,'2','Briefing by the secretariat on the status of the review process for the Trafficking in Persons Protocol and the Smuggling of Migrants Protocol',900,'2026-07-02 13:12:00.000000','2026-07-02 13:24:00.000000',NULL,720.0,NULL,NULL,NULL,'{}','{}');
INSERT INTO "agendaitem" VALUES(3,'CD-TIPSOM-SAMPLE-01',2,'3','Update by the Chair on the outcomes of the meetings of the Working Group on Trafficking in Persons and the Working Group on the Smuggling of Migrants',900,'2026-07-02 13:24:00.000000','2026-07-02 13:33:00.000000',NULL,540.0,NULL,NULL,NULL,'{}','{}');
INSERT INTO "agendaitem" VALUES(4,'CD-TIPSOM-SAMPLE-01',3,'4','Panel discussion - identification and referral of victims of trafficking and of smuggled migrants; cooperation between authorities and non-governmental stakeholders; questions and answers',2400,'2026-07-02 13:33:00.000000','2026-07-02 14:20:00.000000',NULL,2820.0,NULL,NULL,NULL,'{}','{}');
INSERT INTO "agendaitem" VALUES(5,'CD-TIPSOM-SAMPLE-01',4,'5','Inputs and suggestions from participants on the implementation of the two Protocols and the role of non-governmental stakeholders (rights of reply at the end of the item)',4800,'2026-07-02 14:20:00.000000','2026-07-02 15:52:00.000000',NULL,5520.0,'2026-07-02 14:39:00.000000','2026-07-02 15:47:00.000000',180,'{}','{}');
INSERT INTO "agendaitem" VALUES(6,'CD-TIPSOM-SAMPLE-01',5,'6','Main points raised, follow-up and closing remarks by the Chair',1200,'2026-07-02 15:52:00.000000','2026-07-02 16:00:00.000000',NULL,480.0,NULL,NULL,NULL,'{}','{}');
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0001_baseline');
CREATE TABLE intervention (
	id INTEGER NOT NULL, 
	item_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	position FLOAT NOT NULL, 
	kind VARCHAR(9) NOT NULL, 
	reply_number INTEGER, 
	status VARCHAR(11) NOT NULL, 
	inscribed_at DATETIME, 
	allotted_s INTEGER, 
	extension_s INTEGER NOT NULL, 
	called_at DATETIME, 
	started_at DATETIME, 
	ended_at DATETIME, 
	paused_s FLOAT NOT NULL, 
	paused_since DATETIME, 
	pause_reason VARCHAR NOT NULL, 
	failed_calls JSON, 
	moved_by_chair BOOLEAN NOT NULL, 
	late_override BOOLEAN NOT NULL, 
	used_s FLOAT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(item_id) REFERENCES agendaitem (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id)
);
INSERT INTO "intervention" VALUES(1,1,1,1024.0,'STATEMENT',NULL,'SPOKE',NULL,NULL,0,'2026-07-02 13:07:00.000000','2026-07-02 13:07:00.000000','2026-07-02 13:12:00.000000',0.0,NULL,'','[]',0,0,300.0);
INSERT INTO "intervention" VALUES(2,2,2,1024.0,'STATEMENT',NULL,'SPOKE',NULL,600,0,'2026-07-02 13:12:20.000000','2026-07-02 13:12:20.000000','2026-07-02 13:22:20.000000',0.0,NULL,'','[]',0,0,600.0);
INSERT INTO "intervention" VALUES(3,3,1,1024.0,'STATEMENT',NULL,'SPOKE',NULL,NULL,0,'2026-07-02 13:24:00.000000','2026-07-02 13:24:00.000000','2026-07-02 13:33:00.000000',0.0,NULL,'','[]',0,0,540.0);
INSERT INTO "intervention" VALUES(4,4,4,1024.0,'STATEMENT',NULL,'SPOKE',NULL,420,0,'2026-07-02 13:33:20.000000','2026-07-02 13:33:20.000000','2026-07-02 13:40:20.000000',0.0,NULL,'','[]',0,0,420.0);
INSERT INTO "intervention" VALUES(5,4,5,1024.0,'STATEMENT',NULL,'SPOKE',NULL,420,0,'2026-07-02 13:52:20.000000','2026-07-02 13:52:20.000000','2026-07-02 13:59:20.000000',0.0,NULL,'','[{"at": "2026-07-02T13:40:40+00:00", "noted_at": "2026-07-02T13:41:00+00:00", "kind": "not_connected"}]',0,0,420.0);
INSERT INTO "intervention" VALUES(6,5,6,1024.0,'STATEMENT',NULL,'SPOKE','2026-06-22 08:15:00.000000',360,0,'2026-07-02 14:20:20.000000','2026-07-02 14:20:20.000000','2026-07-02 14:26:20.000000',0.0,NULL,'','[]',0,0,360.0);
INSERT INTO "intervention" VALUES(7,5,7,2048.0,'STATEMENT',NULL,'SPOKE','2026-06-24 07:40:00.000000',360,0,'2026-07-02 14:26:40.000000','2026-07-02 14:26:40.000000','2026-07-02 14:32:40.000000',0.0,NULL,'','[]',0,0,360.0);
INSERT INTO "intervention" VALUES(8,5,8,3072.0,'STATEMENT',NULL,'SPOKE','2026-06-30 14:05:00.000000',360,0,'2026-07-02 14:33:00.000000','2026-07-02 14:33:00.000000','2026-07-02 14:39:00.000000',0.0,NULL,'','[]',0,0,360.0);
INSERT INTO "intervention" VALUES(9,5,18,4096.0,'STATEMENT',NULL,'SPOKE','2026-06-19 06:55:00.000000',240,0,'2026-07-02 14:39:20.000000','2026-07-02 14:39:20.000000','2026-07-02 14:43:20.000000',0.0,NULL,'','[]',0,0,240.0);
INSERT INTO "intervention" VALUES(10,5,10,5120.0,'STATEMENT',NULL,'SPOKE','2026-06-22 12:20:00.000000',240,0,'2026-07-02 14:43:40.000000','2026-07-02 14:43:40.000000','2026-07-02 14:48:05.000000',0.0,NULL,'','[]',0,0,265.0);
INSERT INTO "intervention" VALUES(11,5,9,6144.0,'STATEMENT',NULL,'SPOKE','2026-06-23 09:05:00.000000',240,0,'2026-07-02 14:48:25.000000','2026-07-02 14:48:25.000000','2026-07-02 14:53:10.000000',45.0,NULL,'','[]',0,0,240.0);
INSERT INTO "intervention" VALUES(12,5,15,15104.0,'STATEMENT',NULL,'NOT_PRESENT','2026-06-25 07:30:00.000000',180,0,'2026-07-02 15:24:20.000000',NULL,NULL,0.0,NULL,'','[{"at": "2026-07-02T14:53:30+00:00", "noted_at": "2026-07-02T14:53:50+00:00", "kind": "absent"}, {"at": "2026-07-02T15:24:20+00:00", "noted_at": "2026-07-02T15:24:40+00:00", "kind": "absent"}]',0,0,NULL);
INSERT INTO "intervention" VALUES(13,5,17,8192.0,'STATEMENT',NULL,'SPOKE','2026-06-26 13:45:00.000000',240,0,'2026-07-02 14:54:10.000000','2026-07-02 14:54:10.000000','2026-07-02 14:58:10.000000',0.0,NULL,'','[]',0,0,240.0);
INSERT INTO "intervention" VALUES(14,5,14,10752.0,'STATEMENT',NULL,'SPOKE','2026-06-29 05:10:00.000000',180,0,'2026-07-02 15:03:10.000000','2026-07-02 15:03:10.000000','2026-07-02 15:06:10.000000',0.0,NULL,'','[{"at": "2026-07-02T14:59:10+00:00", "noted_at": "2026-07-02T14:59:30+00:00", "kind": "not_connected"}]',0,0,180.0);
INSERT INTO "intervention" VALUES(15,5,16,10240.0,'STATEMENT',NULL,'SPOKE','2026-06-29 11:00:00.000000',180,0,'2026-07-02 14:59:50.000000','2026-07-02 14:59:50.000000','2026-07-02 15:02:50.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(16,5,11,11264.0,'STATEMENT',NULL,'SPOKE','2026-06-30 08:25:00.000000',180,0,'2026-07-02 15:06:30.000000','2026-07-02 15:06:30.000000','2026-07-02 15:09:30.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(17,5,12,12288.0,'STATEMENT',NULL,'SPOKE','2026-06-30 15:50:00.000000',180,0,'2026-07-02 15:09:50.000000','2026-07-02 15:09:50.000000','2026-07-02 15:14:00.000000',70.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(18,5,20,13312.0,'STATEMENT',NULL,'SPOKE','2026-07-01 07:15:00.000000',180,0,'2026-07-02 15:14:20.000000','2026-07-02 15:14:20.000000','2026-07-02 15:17:20.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(19,5,21,14336.0,'STATEMENT',NULL,'SPOKE','2026-07-02 09:40:00.000000',180,0,'2026-07-02 15:17:40.000000','2026-07-02 15:17:40.000000','2026-07-02 15:20:40.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(20,5,13,15360.0,'STATEMENT',NULL,'SPOKE','2026-06-18 10:00:00.000000',180,0,'2026-07-02 15:25:00.000000','2026-07-02 15:25:00.000000','2026-07-02 15:28:00.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(21,5,23,16384.0,'STATEMENT',NULL,'SPOKE','2026-06-27 08:00:00.000000',180,0,'2026-07-02 15:28:20.000000','2026-07-02 15:28:20.000000','2026-07-02 15:31:20.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(22,5,24,17408.0,'STATEMENT',NULL,'SPOKE','2026-06-17 07:20:00.000000',180,0,'2026-07-02 15:31:40.000000','2026-07-02 15:31:40.000000','2026-07-02 15:34:40.000000',0.0,NULL,'','[]',0,0,180.0);
INSERT INTO "intervention" VALUES(23,5,25,18432.0,'STATEMENT',NULL,'SPOKE','2026-06-15 07:02:00.000000',150,0,'2026-07-02 15:35:00.000000','2026-07-02 15:35:00.000000','2026-07-02 15:38:20.000000',50.0,NULL,'','[]',0,0,150.0);
INSERT INTO "intervention" VALUES(24,5,26,19456.0,'STATEMENT',NULL,'SPOKE','2026-06-16 09:30:00.000000',150,0,'2026-07-02 15:38:40.000000','2026-07-02 15:38:40.000000','2026-07-02 15:41:10.000000',0.0,NULL,'','[]',0,0,150.0);
INSERT INTO "intervention" VALUES(25,5,27,20480.0,'STATEMENT',NULL,'SPOKE','2026-06-20 16:45:00.000000',150,0,'2026-07-02 15:41:30.000000','2026-07-02 15:41:30.000000','2026-07-02 15:44:00.000000',0.0,NULL,'','[]',0,0,150.0);
INSERT INTO "intervention" VALUES(26,5,28,21504.0,'STATEMENT',NULL,'SPOKE','2026-06-23 06:10:00.000000',150,0,'2026-07-02 15:44:20.000000','2026-07-02 15:44:20.000000','2026-07-02 15:46:50.000000',0.0,NULL,'','[]',0,0,150.0);
INSERT INTO "intervention" VALUES(27,5,29,22528.0,'STATEMENT',NULL,'NOT_REACHED','2026-06-29 20:05:00.000000',150,0,NULL,NULL,NULL,0.0,NULL,'','[]',0,0,NULL);
INSERT INTO "intervention" VALUES(28,5,30,23552.0,'STATEMENT',NULL,'NOT_REACHED','2026-06-16 06:00:00.000000',150,0,NULL,NULL,NULL,0.0,NULL,'','[]',0,0,NULL);
INSERT INTO "intervention" VALUES(29,5,31,24576.0,'STATEMENT',NULL,'NOT_REACHED','2026-06-26 10:12:00.000000',150,0,NULL,NULL,NULL,0.0,NULL,'','[]',0,0,NULL);
INSERT INTO "intervention" VALUES(30,5,32,25600.0,'STATEMENT',NULL,'NOT_REACHED','2026-06-15 12:30:00.000000',150,0,NULL,NULL,NULL,0.0,NULL,'','[]',0,0,NULL);
INSERT INTO "intervention" VALUES(31,6,1,1024.0,'STATEMENT',NULL,'SPOKE',NULL,NULL,0,'2026-07-02 15:52:00.000000','2026-07-02 15:52:00.000000','2026-07-02 16:00:00.000000',0.0,NULL,'','[]',0,0,480.0);
INSERT INTO "intervention" VALUES(32,5,22,14848.0,'STATEMENT',NULL,'SPOKE','2026-07-02 14:45:10.000000',180,0,'2026-07-02 15:21:00.000000','2026-07-02 15:21:00.000000','2026-07-02 15:24:00.000000',0.0,NULL,'','[]',0,1,180.0);
INSERT INTO "intervention" VALUES(33,5,20,1024.0,'REPLY',1,'SPOKE','2026-07-02 15:47:20.000000',120,0,'2026-07-02 15:47:40.000000','2026-07-02 15:47:40.000000','2026-07-02 15:49:40.000000',0.0,NULL,'','[]',0,0,120.0);
INSERT INTO "intervention" VALUES(34,5,20,1024.0,'REPLY',2,'SPOKE','2026-07-02 15:49:45.000000',60,0,'2026-07-02 15:50:00.000000','2026-07-02 15:50:00.000000','2026-07-02 15:51:00.000000',0.0,NULL,'','[]',0,0,60.0);
CREATE TABLE logentry (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	item_id INTEGER, 
	intervention_id INTEGER, 
	accepted BOOLEAN NOT NULL, 
	summary VARCHAR NOT NULL, 
	detail JSON, 
	"before" JSON, 
	undone_by INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
INSERT INTO "logentry" VALUES(1,'CD-TIPSOM-SAMPLE-01','2026-07-02 12:50:00.000000','chair','agenda_imported',NULL,NULL,1,'Agenda imported from tip-constructive-dialogue.yaml','{"file": "tip-constructive-dialogue.yaml", "sha256": "8c7aad5c8a7f242f24af707c06a51e3b0668c8c18fba4a41a6c7418179fa8c66", "items": 6, "participants": 32}',NULL,NULL);
INSERT INTO "logentry" VALUES(2,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:07:00.000000','chair','called_to_order',1,NULL,1,'The meeting was called to order','{"delay_s": 420, "local_date": "2026-07-02"}','{"rows": [["agendaitem", 1, {"started_at": null, "opened_at": null}], ["meeting", "CD-TIPSOM-SAMPLE-01", {"state": "scheduled", "called_to_order_at": null, "current_item_id": null}]]}',NULL);
INSERT INTO "logentry" VALUES(3,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:07:00.000000','chair','floor_given',1,1,1,'Floor given to Ghana','{"participant": "CHAIR", "allotted_s": null}','{"rows": [["intervention", 1, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(4,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:12:00.000000','chair','item_opened',2,NULL,1,'Item 2 taken up','{"from_item": "1", "ended_intervention": 1, "used_s": 300, "paused_s": 0, "limit_s": null}','{"rows": [["agendaitem", 1, {"ended_at": null, "opened_at": "2026-07-02T13:07:00+00:00", "elapsed_s": 0.0}], ["meeting", "CD-TIPSOM-SAMPLE-01", {"current_item_id": 1}], ["agendaitem", 2, {"started_at": null, "opened_at": null}], ["intervention", 1, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(5,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:12:20.000000','chair','floor_given',2,2,1,'Floor given to UNODC (UNTOC Review Mechanism Secretariat)','{"participant": "SEC-RM", "allotted_s": 600}','{"rows": [["intervention", 2, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(6,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:22:20.000000','chair','intervention_ended',2,2,1,'UNODC (UNTOC Review Mechanism Secretariat) ended (600 s used of 600 s)','{"participant": "SEC-RM", "used_s": 600, "paused_s": 0, "limit_s": 600}','{"rows": [["intervention", 2, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(7,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:24:00.000000','chair','item_opened',3,NULL,1,'Item 3 taken up','{"from_item": "2"}','{"rows": [["meeting", "CD-TIPSOM-SAMPLE-01", {"current_item_id": 2}], ["agendaitem", 3, {"started_at": null, "opened_at": null}], ["agendaitem", 2, {"ended_at": null, "opened_at": "2026-07-02T13:12:00+00:00", "elapsed_s": 0.0}]]}',NULL);
INSERT INTO "logentry" VALUES(8,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:24:00.000000','chair','floor_given',3,3,1,'Floor given to Ghana','{"participant": "CHAIR", "allotted_s": null}','{"rows": [["intervention", 3, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(9,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:33:00.000000','chair','item_opened',4,NULL,1,'Item 4 taken up','{"from_item": "3", "ended_intervention": 3, "used_s": 540, "paused_s": 0, "limit_s": null}','{"rows": [["meeting", "CD-TIPSOM-SAMPLE-01", {"current_item_id": 3}], ["agendaitem", 4, {"started_at": null, "opened_at": null}], ["intervention", 3, {"status": "speaking", "ended_at": null, "used_s": null}], ["agendaitem", 3, {"ended_at": null, "opened_at": "2026-07-02T13:24:00+00:00", "elapsed_s": 0.0}]]}',NULL);
INSERT INTO "logentry" VALUES(10,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:33:20.000000','chair','floor_given',4,4,1,'Floor given to University Institute for Migration and Labour Research V','{"participant": "PAN-1", "allotted_s": 420}','{"rows": [["intervention", 4, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(11,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:40:20.000000','chair','intervention_ended',4,4,1,'University Institute for Migration and Labour Research V ended (420 s used of 420 s)','{"participant": "PAN-1", "used_s": 420, "paused_s": 0, "limit_s": 420}','{"rows": [["intervention", 4, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(12,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:40:40.000000','chair','floor_given',4,5,1,'Floor given to Survivor-Led Anti-Trafficking Network W','{"participant": "PAN-2", "allotted_s": 420}','{"rows": [["intervention", 5, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(13,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:41:00.000000','chair','not_connected',4,5,1,'Survivor-Led Anti-Trafficking Network W could not be connected; moved back to place 1','{"participant": "PAN-2", "kind": "not_connected", "rule": "one_place", "new_place": 1}','{"rows": [["intervention", 5, {"status": "speaking", "started_at": "2026-07-02T13:40:40+00:00", "failed_calls": [], "position": 2048.0}]]}',NULL);
INSERT INTO "logentry" VALUES(14,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:42:00.000000','chair','suspended',4,NULL,1,'The meeting was suspended','{}','{"rows": [["meeting", "CD-TIPSOM-SAMPLE-01", {"state": "in_session"}], ["suspension", 1, null]]}',NULL);
INSERT INTO "logentry" VALUES(15,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:52:00.000000','chair','resumed',4,NULL,1,'The meeting resumed','{}','{"rows": [["meeting", "CD-TIPSOM-SAMPLE-01", {"state": "suspended"}], ["suspension", 1, {"resumed_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(16,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:52:20.000000','chair','floor_given',4,5,1,'Floor given to Survivor-Led Anti-Trafficking Network W','{"participant": "PAN-2", "allotted_s": 420}','{"rows": [["intervention", 5, {"status": "waiting", "called_at": "2026-07-02T13:40:40+00:00", "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(17,'CD-TIPSOM-SAMPLE-01','2026-07-02 13:59:20.000000','chair','intervention_ended',4,5,1,'Survivor-Led Anti-Trafficking Network W ended (420 s used of 420 s)','{"participant": "PAN-2", "used_s": 420, "paused_s": 0, "limit_s": 420}','{"rows": [["intervention", 5, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(18,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:20:00.000000','chair','item_opened',5,NULL,1,'Item 5 taken up','{"from_item": "4"}','{"rows": [["meeting", "CD-TIPSOM-SAMPLE-01", {"current_item_id": 4}], ["agendaitem", 5, {"started_at": null, "opened_at": null}], ["agendaitem", 4, {"ended_at": null, "opened_at": "2026-07-02T13:33:00+00:00", "elapsed_s": 0.0}]]}',NULL);
INSERT INTO "logentry" VALUES(19,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:20:20.000000','chair','floor_given',5,6,1,'Floor given to Colombia (on behalf of Group of Latin American and Caribbean States)','{"participant": "GRP-GRULAC", "allotted_s": 360}','{"rows": [["intervention", 6, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(20,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:26:20.000000','chair','intervention_ended',5,6,1,'Colombia (on behalf of Group of Latin American and Caribbean States) ended (360 s used of 360 s)','{"participant": "GRP-GRULAC", "used_s": 360, "paused_s": 0, "limit_s": 360}','{"rows": [["intervention", 6, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(21,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:26:40.000000','chair','floor_given',5,7,1,'Floor given to European Union (on behalf of European Union and its member States)','{"participant": "GRP-EU", "allotted_s": 360}','{"rows": [["intervention", 7, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(22,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:32:40.000000','chair','intervention_ended',5,7,1,'European Union (on behalf of European Union and its member States) ended (360 s used of 360 s)','{"participant": "GRP-EU", "used_s": 360, "paused_s": 0, "limit_s": 360}','{"rows": [["intervention", 7, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(23,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:33:00.000000','chair','floor_given',5,8,1,'Floor given to Thailand (on behalf of Group of 77 and China)','{"participant": "GRP-G77", "allotted_s": 360}','{"rows": [["intervention", 8, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(24,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:39:00.000000','chair','intervention_ended',5,8,1,'Thailand (on behalf of Group of 77 and China) ended (360 s used of 360 s)','{"participant": "GRP-G77", "used_s": 360, "paused_s": 0, "limit_s": 360}','{"rows": [["intervention", 8, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(25,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:39:00.000000','chair','list_closed',5,NULL,1,'List of speakers of item 5 closed (22 still to speak)','{"waiting": 22}','{"rows": [["agendaitem", 5, {"list_closed_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(26,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:39:20.000000','chair','floor_given',5,9,1,'Floor given to Nigeria','{"participant": "ST-NGA", "allotted_s": 240}','{"rows": [["intervention", 9, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(27,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:43:20.000000','chair','intervention_ended',5,9,1,'Nigeria ended (240 s used of 240 s)','{"participant": "ST-NGA", "used_s": 240, "paused_s": 0, "limit_s": 240}','{"rows": [["intervention", 9, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(28,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:43:40.000000','chair','floor_given',5,10,1,'Floor given to Türkiye','{"participant": "ST-TUR", "allotted_s": 240}','{"rows": [["intervention", 10, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(29,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:44:10.000000','chair','inscription_refused',5,NULL,0,'Late request from Thailand refused: the list of item 5 is closed','{"participant": "ST-THA", "reason": "list_closed"}',NULL,NULL);
INSERT INTO "logentry" VALUES(30,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:45:10.000000','chair','inscribed',5,32,1,'Norway inscribed on the list of item 5 by the Chair''s override (list closed)','{"participant": "ST-NOR", "delegation": "Norway", "place": 10, "override": true}','{"rows": [["intervention", 32, null]]}',NULL);
INSERT INTO "logentry" VALUES(31,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:48:05.000000','chair','intervention_ended',5,10,1,'Türkiye ended (265 s used of 240 s)','{"participant": "ST-TUR", "used_s": 265, "paused_s": 0, "limit_s": 240}','{"rows": [["intervention", 10, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(32,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:48:25.000000','chair','floor_given',5,11,1,'Floor given to Côte d''Ivoire','{"participant": "ST-CIV", "allotted_s": 240}','{"rows": [["intervention", 11, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(33,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:50:05.000000','chair','paused',5,11,1,'Countdown of Côte d''Ivoire paused (interpretation)','{"participant": "ST-CIV", "reason": "interpretation", "used_s": 100}','{"rows": [["intervention", 11, {"paused_since": null, "pause_reason": ""}]]}',NULL);
INSERT INTO "logentry" VALUES(34,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:50:50.000000','chair','countdown_resumed',5,11,1,'Countdown of Côte d''Ivoire resumed after 45 s (not charged)','{"participant": "ST-CIV", "pause_s": 45}','{"rows": [["intervention", 11, {"paused_s": 0.0, "paused_since": "2026-07-02T14:50:05+00:00", "pause_reason": "interpretation"}]]}',NULL);
INSERT INTO "logentry" VALUES(35,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:52:00.000000','chair','inscription_refused',5,NULL,0,'Request from Philippines refused: already on the list of item 5','{"participant": "ST-PHL", "reason": "duplicate"}',NULL,NULL);
INSERT INTO "logentry" VALUES(36,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:53:10.000000','chair','intervention_ended',5,11,1,'Côte d''Ivoire ended (240 s used of 240 s)','{"participant": "ST-CIV", "used_s": 240, "paused_s": 45, "limit_s": 240}','{"rows": [["intervention", 11, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(37,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:53:30.000000','chair','floor_given',5,12,1,'Floor given to Saint Vincent and the Grenadines','{"participant": "ST-VCT", "allotted_s": 240}','{"rows": [["intervention", 12, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(38,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:53:50.000000','chair','speaker_absent',5,12,1,'Saint Vincent and the Grenadines absent; moved back to place 9','{"participant": "ST-VCT", "kind": "absent", "rule": "end_of_category", "new_place": 9}','{"rows": [["intervention", 12, {"status": "speaking", "started_at": "2026-07-02T14:53:30+00:00", "failed_calls": [], "position": 7168.0}]]}',NULL);
INSERT INTO "logentry" VALUES(39,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:54:10.000000','chair','floor_given',5,13,1,'Floor given to Philippines','{"participant": "ST-PHL", "allotted_s": 240}','{"rows": [["intervention", 13, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(40,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:58:10.000000','chair','intervention_ended',5,13,1,'Philippines ended (240 s used of 240 s)','{"participant": "ST-PHL", "used_s": 240, "paused_s": 0, "limit_s": 240}','{"rows": [["intervention", 13, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(41,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:58:10.000000','chair','limits_changed',5,NULL,1,'Time limit for all remaining speakers of item 5 capped at 180 s','{"cap_s": 180, "category": null, "value_s": null, "changes": {"state_party": [240, 180], "signatory_state": [240, 180]}, "remaining": 19, "demand_before_s": 3720, "demand_after_s": 3180}','{"rows": [["agendaitem", 5, {"limit_cap_s": null}], ["intervention", 20, {"allotted_s": 240}], ["intervention", 17, {"allotted_s": 240}], ["intervention", 18, {"allotted_s": 240}], ["intervention", 14, {"allotted_s": 240}], ["intervention", 19, {"allotted_s": 240}], ["intervention", 32, {"allotted_s": 240}], ["intervention", 15, {"allotted_s": 240}], ["intervention", 12, {"allotted_s": 240}], ["intervention", 16, {"allotted_s": 240}]]}',NULL);
INSERT INTO "logentry" VALUES(42,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:59:10.000000','chair','floor_given',5,14,1,'Floor given to Lao People''s Democratic Republic','{"participant": "ST-LAO", "allotted_s": 180}','{"rows": [["intervention", 14, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(43,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:59:30.000000','chair','not_connected',5,14,1,'Lao People''s Democratic Republic could not be connected; moved back to place 2','{"participant": "ST-LAO", "kind": "not_connected", "rule": "one_place", "new_place": 2}','{"rows": [["intervention", 14, {"status": "speaking", "started_at": "2026-07-02T14:59:10+00:00", "failed_calls": [], "position": 9216.0}]]}',NULL);
INSERT INTO "logentry" VALUES(44,'CD-TIPSOM-SAMPLE-01','2026-07-02 14:59:50.000000','chair','floor_given',5,15,1,'Floor given to Republic of Korea','{"participant": "ST-KOR", "allotted_s": 180}','{"rows": [["intervention", 15, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(45,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:02:50.000000','chair','intervention_ended',5,15,1,'Republic of Korea ended (180 s used of 180 s)','{"participant": "ST-KOR", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 15, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(46,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:03:10.000000','chair','floor_given',5,14,1,'Floor given to Lao People''s Democratic Republic','{"participant": "ST-LAO", "allotted_s": 180}','{"rows": [["intervention", 14, {"status": "waiting", "called_at": "2026-07-02T14:59:10+00:00", "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(47,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:06:10.000000','chair','intervention_ended',5,14,1,'Lao People''s Democratic Republic ended (180 s used of 180 s)','{"participant": "ST-LAO", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 14, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(48,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:06:30.000000','chair','floor_given',5,16,1,'Floor given to Viet Nam','{"participant": "ST-VNM", "allotted_s": 180}','{"rows": [["intervention", 16, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(49,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:09:30.000000','chair','intervention_ended',5,16,1,'Viet Nam ended (180 s used of 180 s)','{"participant": "ST-VNM", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 16, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(50,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:09:50.000000','chair','floor_given',5,17,1,'Floor given to Bolivia (Plurinational State of)','{"participant": "ST-BOL", "allotted_s": 180}','{"rows": [["intervention", 17, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(51,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:10:20.000000','chair','point_of_order',5,17,1,'Point of order raised by Republic of Korea: display of the list of speakers in the room not updated','{"participant": "ST-KOR", "subject": "display of the list of speakers in the room not updated", "point": 1}','{"rows": [["intervention", 17, {"paused_since": null, "pause_reason": ""}], ["pointoforder", 1, null]]}',NULL);
INSERT INTO "logentry" VALUES(52,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:10:25.000000','chair','point_of_order',5,17,1,'Point of order raised by Iran (Islamic Republic of): request to confirm the speaking-time limit in force (queued)','{"participant": "ST-IRN", "subject": "request to confirm the speaking-time limit in force", "point": 2}','{"rows": [["pointoforder", 2, null]]}',NULL);
INSERT INTO "logentry" VALUES(53,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:11:00.000000','chair','point_of_order_ruled',5,NULL,1,'Ruling on the point of order of Republic of Korea: The Chair asked the secretariat to update the display.','{"participant": "ST-KOR", "subject": "display of the list of speakers in the room not updated", "ruling": "The Chair asked the secretariat to update the display.", "point": 1, "resumed": null, "heard_s": 40}','{"rows": [["pointoforder", 1, {"ruling": "", "ended_at": null}], ["pointoforder", 2, {"started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(54,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:11:30.000000','chair','point_of_order_ruled',5,NULL,1,'Ruling on the point of order of Iran (Islamic Republic of): The Chair confirmed the 180 s limit announced at 4.58 p.m.','{"participant": "ST-IRN", "subject": "request to confirm the speaking-time limit in force", "ruling": "The Chair confirmed the 180 s limit announced at 4.58 p.m.", "point": 2, "resumed": 17, "heard_s": 30}','{"rows": [["pointoforder", 2, {"ruling": "", "ended_at": null}], ["intervention", 17, {"paused_s": 0.0, "paused_since": "2026-07-02T15:10:20+00:00", "pause_reason": "point_of_order"}]]}',NULL);
INSERT INTO "logentry" VALUES(55,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:14:00.000000','chair','intervention_ended',5,17,1,'Bolivia (Plurinational State of) ended (180 s used of 180 s)','{"participant": "ST-BOL", "used_s": 180, "paused_s": 70, "limit_s": 180}','{"rows": [["intervention", 17, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(56,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:14:20.000000','chair','floor_given',5,18,1,'Floor given to Colombia','{"participant": "ST-COL", "allotted_s": 180}','{"rows": [["intervention", 18, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(57,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:17:20.000000','chair','intervention_ended',5,18,1,'Colombia ended (180 s used of 180 s)','{"participant": "ST-COL", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 18, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(58,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:17:40.000000','chair','floor_given',5,19,1,'Floor given to Morocco','{"participant": "ST-MAR", "allotted_s": 180}','{"rows": [["intervention", 19, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(59,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:20:40.000000','chair','intervention_ended',5,19,1,'Morocco ended (180 s used of 180 s)','{"participant": "ST-MAR", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 19, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(60,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:21:00.000000','chair','floor_given',5,32,1,'Floor given to Norway','{"participant": "ST-NOR", "allotted_s": 180}','{"rows": [["intervention", 32, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(61,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:24:00.000000','chair','intervention_ended',5,32,1,'Norway ended (180 s used of 180 s)','{"participant": "ST-NOR", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 32, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(62,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:24:20.000000','chair','floor_given',5,12,1,'Floor given to Saint Vincent and the Grenadines','{"participant": "ST-VCT", "allotted_s": 180}','{"rows": [["intervention", 12, {"status": "waiting", "called_at": "2026-07-02T14:53:30+00:00", "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(63,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:24:40.000000','chair','not_present',5,12,1,'Saint Vincent and the Grenadines absent again: dropped as not present','{"participant": "ST-VCT", "kind": "absent", "calls": 2}','{"rows": [["intervention", 12, {"status": "speaking", "started_at": "2026-07-02T15:24:20+00:00", "failed_calls": [{"at": "2026-07-02T14:53:30+00:00", "noted_at": "2026-07-02T14:53:50+00:00", "kind": "absent"}]}]]}',NULL);
INSERT INTO "logentry" VALUES(64,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:25:00.000000','chair','floor_given',5,20,1,'Floor given to Iran (Islamic Republic of)','{"participant": "ST-IRN", "allotted_s": 180}','{"rows": [["intervention", 20, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(65,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:28:00.000000','chair','intervention_ended',5,20,1,'Iran (Islamic Republic of) ended (180 s used of 180 s)','{"participant": "ST-IRN", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 20, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(66,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:28:20.000000','chair','floor_given',5,21,1,'Floor given to Office of the United Nations High Commissioner for Refugees (UNHCR)','{"participant": "UN-UNHCR", "allotted_s": 180}','{"rows": [["intervention", 21, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(67,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:31:20.000000','chair','intervention_ended',5,21,1,'Office of the United Nations High Commissioner for Refugees (UNHCR) ended (180 s used of 180 s)','{"participant": "UN-UNHCR", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 21, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(68,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:31:40.000000','chair','floor_given',5,22,1,'Floor given to International Organization for Migration (IOM)','{"participant": "IGO-IOM", "allotted_s": 180}','{"rows": [["intervention", 22, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(69,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:34:40.000000','chair','intervention_ended',5,22,1,'International Organization for Migration (IOM) ended (180 s used of 180 s)','{"participant": "IGO-IOM", "used_s": 180, "paused_s": 0, "limit_s": 180}','{"rows": [["intervention", 22, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(70,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:35:00.000000','chair','floor_given',5,23,1,'Floor given to Migrant Rights Network M','{"participant": "NGO-M", "allotted_s": 150}','{"rows": [["intervention", 23, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(71,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:36:00.000000','chair','point_of_order',5,23,1,'Point of order raised by Norway: floor audio not reaching online participants','{"participant": "ST-NOR", "subject": "floor audio not reaching online participants", "point": 3}','{"rows": [["intervention", 23, {"paused_since": null, "pause_reason": ""}], ["pointoforder", 3, null]]}',NULL);
INSERT INTO "logentry" VALUES(72,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:36:50.000000','chair','point_of_order_ruled',5,NULL,1,'Ruling on the point of order of Norway: The Chair asked the secretariat to restore the audio feed; once it was restored, the Chair invited the speaker to continue.','{"participant": "ST-NOR", "subject": "floor audio not reaching online participants", "ruling": "The Chair asked the secretariat to restore the audio feed; once it was restored, the Chair invited the speaker to continue.", "point": 3, "resumed": 23, "heard_s": 50}','{"rows": [["pointoforder", 3, {"ruling": "", "ended_at": null}], ["intervention", 23, {"paused_s": 0.0, "paused_since": "2026-07-02T15:36:00+00:00", "pause_reason": "point_of_order"}]]}',NULL);
INSERT INTO "logentry" VALUES(73,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:38:20.000000','chair','intervention_ended',5,23,1,'Migrant Rights Network M ended (150 s used of 150 s)','{"participant": "NGO-M", "used_s": 150, "paused_s": 50, "limit_s": 150}','{"rows": [["intervention", 23, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(74,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:38:40.000000','chair','floor_given',5,24,1,'Floor given to Anti-Trafficking Shelter Coalition N','{"participant": "NGO-N", "allotted_s": 150}','{"rows": [["intervention", 24, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(75,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:40:00.000000','chair','point_of_order_refused',5,NULL,0,'Request by Domestic Workers Support Association P to raise a point of order not granted (only: State party, Signatory State)','{"participant": "NGO-P", "delegation": "Domestic Workers Support Association P", "subject": "countdown display on the online platform", "reason": "not_entitled", "allowed": ["state_party", "signatory_state"]}',NULL,NULL);
INSERT INTO "logentry" VALUES(76,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:41:10.000000','chair','intervention_ended',5,24,1,'Anti-Trafficking Shelter Coalition N ended (150 s used of 150 s)','{"participant": "NGO-N", "used_s": 150, "paused_s": 0, "limit_s": 150}','{"rows": [["intervention", 24, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(77,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:41:30.000000','chair','floor_given',5,25,1,'Floor given to Domestic Workers Support Association P','{"participant": "NGO-P", "allotted_s": 150}','{"rows": [["intervention", 25, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(78,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:44:00.000000','chair','intervention_ended',5,25,1,'Domestic Workers Support Association P ended (150 s used of 150 s)','{"participant": "NGO-P", "used_s": 150, "paused_s": 0, "limit_s": 150}','{"rows": [["intervention", 25, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(79,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:44:20.000000','chair','floor_given',5,26,1,'Floor given to Legal Aid Clinic for Migrants Q','{"participant": "NGO-Q", "allotted_s": 150}','{"rows": [["intervention", 26, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(80,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:46:50.000000','chair','intervention_ended',5,26,1,'Legal Aid Clinic for Migrants Q ended (150 s used of 150 s)','{"participant": "NGO-Q", "used_s": 150, "paused_s": 0, "limit_s": 150}','{"rows": [["intervention", 26, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(81,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:47:00.000000','chair','list_ended',5,NULL,1,'List of item 5 ended; 4 not reached','{"not_reached": ["NGO-R", "ACA-S", "ACA-T", "PRV-U"]}','{"rows": [["intervention", 27, {"status": "waiting"}], ["intervention", 29, {"status": "waiting"}], ["intervention", 28, {"status": "waiting"}], ["agendaitem", 5, {"list_ended_at": null}], ["intervention", 30, {"status": "waiting"}]]}',NULL);
INSERT INTO "logentry" VALUES(82,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:47:20.000000','chair','reply_requested',5,33,1,'Colombia asked for its first right of reply','{"participant": "ST-COL", "nth": 1, "allotted_s": 120}','{"rows": [["intervention", 33, null]]}',NULL);
INSERT INTO "logentry" VALUES(83,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:47:40.000000','chair','floor_given',5,33,1,'Floor given to Colombia for its right of reply (first)','{"participant": "ST-COL", "allotted_s": 120}','{"rows": [["intervention", 33, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(84,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:49:40.000000','chair','intervention_ended',5,33,1,'Colombia ended (120 s used of 120 s)','{"participant": "ST-COL", "used_s": 120, "paused_s": 0, "limit_s": 120}','{"rows": [["intervention", 33, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(85,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:49:45.000000','chair','reply_requested',5,34,1,'Colombia asked for its second right of reply','{"participant": "ST-COL", "nth": 2, "allotted_s": 60}','{"rows": [["intervention", 34, null]]}',NULL);
INSERT INTO "logentry" VALUES(86,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:50:00.000000','chair','floor_given',5,34,1,'Floor given to Colombia for its right of reply (second)','{"participant": "ST-COL", "allotted_s": 60}','{"rows": [["intervention", 34, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(87,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:51:00.000000','chair','intervention_ended',5,34,1,'Colombia ended (60 s used of 60 s)','{"participant": "ST-COL", "used_s": 60, "paused_s": 0, "limit_s": 60}','{"rows": [["intervention", 34, {"status": "speaking", "ended_at": null, "used_s": null}]]}',NULL);
INSERT INTO "logentry" VALUES(88,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:51:05.000000','chair','reply_refused',5,NULL,0,'Right of reply requested by Colombia refused: at most 2 per delegation','{"participant": "ST-COL", "reason": "max_per_delegation_per_item", "nth": 3}',NULL,NULL);
INSERT INTO "logentry" VALUES(89,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:52:00.000000','chair','item_opened',6,NULL,1,'Item 6 taken up','{"from_item": "5"}','{"rows": [["agendaitem", 5, {"ended_at": null, "opened_at": "2026-07-02T14:20:00+00:00", "elapsed_s": 0.0}], ["agendaitem", 6, {"started_at": null, "opened_at": null}], ["meeting", "CD-TIPSOM-SAMPLE-01", {"current_item_id": 5}]]}',NULL);
INSERT INTO "logentry" VALUES(90,'CD-TIPSOM-SAMPLE-01','2026-07-02 15:52:00.000000','chair','floor_given',6,31,1,'Floor given to Ghana','{"participant": "CHAIR", "allotted_s": null}','{"rows": [["intervention", 31, {"status": "waiting", "called_at": null, "started_at": null}]]}',NULL);
INSERT INTO "logentry" VALUES(91,'CD-TIPSOM-SAMPLE-01','2026-07-02 16:00:00.000000','chair','rose',6,NULL,1,'The meeting rose','{"not_reached": 0, "ended_intervention": 31, "used_s": 480, "paused_s": 0, "limit_s": null}','{"rows": [["intervention", 31, {"status": "speaking", "ended_at": null, "used_s": null}], ["agendaitem", 6, {"ended_at": null, "opened_at": "2026-07-02T15:52:00+00:00", "elapsed_s": 0.0}], ["meeting", "CD-TIPSOM-SAMPLE-01", {"state": "in_session", "rose_at": null}]]}',NULL);
CREATE TABLE meeting (
	id VARCHAR(80) NOT NULL, 
	title VARCHAR NOT NULL, 
	body VARCHAR NOT NULL, 
	mandate VARCHAR NOT NULL, 
	meeting_number VARCHAR NOT NULL, 
	date VARCHAR NOT NULL, 
	scheduled_start DATETIME, 
	scheduled_end DATETIME, 
	timezone VARCHAR NOT NULL, 
	place VARCHAR NOT NULL, 
	modality VARCHAR NOT NULL, 
	chair_name VARCHAR NOT NULL, 
	chair_delegation VARCHAR NOT NULL, 
	secretariat JSON, 
	rapporteur JSON, 
	settings JSON, 
	state VARCHAR(10) NOT NULL, 
	called_to_order_at DATETIME, 
	rose_at DATETIME, 
	current_item_id INTEGER, 
	record_status VARCHAR NOT NULL, 
	finalized_at DATETIME, 
	agenda_path VARCHAR NOT NULL, 
	agenda_sha256 VARCHAR NOT NULL, 
	imported_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "meeting" VALUES('CD-TIPSOM-SAMPLE-01','Constructive Dialogue on Trafficking in Persons and Smuggling of Migrants','Conference of the Parties to the United Nations Convention against Transnational Organized Crime - Working Group on Trafficking in Persons and Working Group on the Smuggling of Migrants','Mechanism for the Review of the Implementation of UNTOC and the Protocols thereto; procedures and rules (annex to COP resolution 9/1), para. 53','1','2026-07-02','2026-07-02 13:00:00.000000','2026-07-02 16:00:00.000000','Europe/Vienna','Vienna International Centre, Conference Room (TBD)','hybrid','Ms. Ø. Placeholder','Ghana','[{"name": "Mr. \u00c7. Placeholder", "unit": "UNODC - UNTOC Review Mechanism Secretariat"}, {"name": "Ms. \u0141. Placeholder", "unit": "UNODC - Civil Society Unit"}]','{"name": "Ms. \u0141. Placeholder", "unit": "UNODC - Civil Society Unit"}','{"limits_s": {"chair": null, "secretariat": 600, "panellist": 420, "group_statement": 360, "state_party": 240, "signatory_state": 240, "observer_state": 240, "un_entity": 180, "igo": 180, "ngo": 150, "academia": 150, "private_sector": 150}, "warning_s": 20, "grace_s": 10, "precedence": ["group_statement", "state_party", "signatory_state", "observer_state", "un_entity", "igo", "ngo", "academia", "private_sector"], "list_order": "precedence", "on_absent": "end_of_category", "on_not_connected": "one_place", "changeover_s": 20, "point_of_order_by": ["state_party", "signatory_state"], "right_of_reply": {"first_s": 120, "second_s": 60, "max_per_delegation": 2, "scope": "item", "by": ["group_statement", "state_party", "signatory_state", "observer_state"]}, "topics": ["identification", "referral", "cooperation", "data", "prevention"], "summary": {"some": 2, "several": 4, "many": 7}, "categories": ["chair", "secretariat", "panellist", "group_statement", "state_party", "signatory_state", "observer_state", "un_entity", "igo", "ngo", "academia", "private_sector"]}','ROSE','2026-07-02 13:07:00.000000','2026-07-02 16:00:00.000000',6,'draft',NULL,'/work/main/agendas/tip-constructive-dialogue.yaml','8c7aad5c8a7f242f24af707c06a51e3b0668c8c18fba4a41a6c7418179fa8c66','2026-07-02 12:50:00.000000');
CREATE TABLE note (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	item_id INTEGER NOT NULL, 
	intervention_id INTEGER, 
	text VARCHAR NOT NULL, 
	version INTEGER NOT NULL, 
	seq INTEGER NOT NULL, 
	started_at DATETIME, 
	saved_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(item_id) REFERENCES agendaitem (id)
);
INSERT INTO "note" VALUES(1,'CD-TIPSOM-SAMPLE-01',5,11,'Welcomed the dialogue. #marking
**Bold?** <script>alert(1)</script> {{ config }} {% raw %}
=SUM(A1:A9)',1,1,'2026-07-02 14:48:25.000000','2026-07-02 14:48:25.000000');
CREATE TABLE participant (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	delegation VARCHAR NOT NULL, 
	category VARCHAR NOT NULL, 
	speaker VARCHAR NOT NULL, 
	on_behalf_of VARCHAR NOT NULL, 
	org_type VARCHAR NOT NULL, 
	mode VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (meeting_id, "key"), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
INSERT INTO "participant" VALUES(1,'CD-TIPSOM-SAMPLE-01','CHAIR','Ghana','chair','Ms. Ø. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(2,'CD-TIPSOM-SAMPLE-01','SEC-RM','UNODC (UNTOC Review Mechanism Secretariat)','secretariat','Mr. Ç. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(3,'CD-TIPSOM-SAMPLE-01','SEC-CSU','UNODC (Civil Society Unit)','secretariat','Ms. Ł. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(4,'CD-TIPSOM-SAMPLE-01','PAN-1','University Institute for Migration and Labour Research V','panellist','Dr. É. Placeholder','','academia','in_person');
INSERT INTO "participant" VALUES(5,'CD-TIPSOM-SAMPLE-01','PAN-2','Survivor-Led Anti-Trafficking Network W','panellist','Ms. Ğ. Placeholder','','ngo','online');
INSERT INTO "participant" VALUES(6,'CD-TIPSOM-SAMPLE-01','GRP-GRULAC','Colombia','group_statement','Mr. Ñ. Placeholder','Group of Latin American and Caribbean States','','in_person');
INSERT INTO "participant" VALUES(7,'CD-TIPSOM-SAMPLE-01','GRP-EU','European Union','group_statement','Ms. H. Placeholder','European Union and its member States','','in_person');
INSERT INTO "participant" VALUES(8,'CD-TIPSOM-SAMPLE-01','GRP-G77','Thailand','group_statement','Mr. J. Placeholder','Group of 77 and China','','in_person');
INSERT INTO "participant" VALUES(9,'CD-TIPSOM-SAMPLE-01','ST-CIV','Côte d''Ivoire','state_party','Ms. Ï. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(10,'CD-TIPSOM-SAMPLE-01','ST-TUR','Türkiye','state_party','Mr. Ş. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(11,'CD-TIPSOM-SAMPLE-01','ST-VNM','Viet Nam','state_party','Ms. Đ. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(12,'CD-TIPSOM-SAMPLE-01','ST-BOL','Bolivia (Plurinational State of)','state_party','Mr. K. Placeholder','','','online');
INSERT INTO "participant" VALUES(13,'CD-TIPSOM-SAMPLE-01','ST-IRN','Iran (Islamic Republic of)','signatory_state','Mr. L. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(14,'CD-TIPSOM-SAMPLE-01','ST-LAO','Lao People''s Democratic Republic','state_party','Ms. N. Placeholder','','','online');
INSERT INTO "participant" VALUES(15,'CD-TIPSOM-SAMPLE-01','ST-VCT','Saint Vincent and the Grenadines','state_party','Mr. O. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(16,'CD-TIPSOM-SAMPLE-01','ST-KOR','Republic of Korea','state_party','Ms. P. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(17,'CD-TIPSOM-SAMPLE-01','ST-PHL','Philippines','state_party','Mr. Q. Placeholder','','','online');
INSERT INTO "participant" VALUES(18,'CD-TIPSOM-SAMPLE-01','ST-NGA','Nigeria','state_party','Ms. R. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(19,'CD-TIPSOM-SAMPLE-01','ST-THA','Thailand','state_party','Ms. S. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(20,'CD-TIPSOM-SAMPLE-01','ST-COL','Colombia','state_party','Ms. Á. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(21,'CD-TIPSOM-SAMPLE-01','ST-MAR','Morocco','state_party','Mr. T. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(22,'CD-TIPSOM-SAMPLE-01','ST-NOR','Norway','state_party','Ms. Å. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(23,'CD-TIPSOM-SAMPLE-01','UN-UNHCR','Office of the United Nations High Commissioner for Refugees (UNHCR)','un_entity','Mr. U. Placeholder','','','online');
INSERT INTO "participant" VALUES(24,'CD-TIPSOM-SAMPLE-01','IGO-IOM','International Organization for Migration (IOM)','igo','Ms. Ü. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(25,'CD-TIPSOM-SAMPLE-01','NGO-M','Migrant Rights Network M','ngo','Ms. Ö. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(26,'CD-TIPSOM-SAMPLE-01','NGO-N','Anti-Trafficking Shelter Coalition N','ngo','Mr. W. Placeholder','','','online');
INSERT INTO "participant" VALUES(27,'CD-TIPSOM-SAMPLE-01','NGO-P','Domestic Workers Support Association P','ngo','Ms. X. Placeholder','','','online');
INSERT INTO "participant" VALUES(28,'CD-TIPSOM-SAMPLE-01','NGO-Q','Legal Aid Clinic for Migrants Q','ngo','Mr. Y. Placeholder','','','video');
INSERT INTO "participant" VALUES(29,'CD-TIPSOM-SAMPLE-01','NGO-R','Child Protection and Anti-Exploitation Network R','ngo','Ms. Ž. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(30,'CD-TIPSOM-SAMPLE-01','ACA-S','University Centre for Forced Labour Studies S','academia','Prof. Z. Placeholder','','','in_person');
INSERT INTO "participant" VALUES(31,'CD-TIPSOM-SAMPLE-01','ACA-T','Border and Mobility Research Institute T','academia','Dr. Ă. Placeholder','','','online');
INSERT INTO "participant" VALUES(32,'CD-TIPSOM-SAMPLE-01','PRV-U','Ethical Recruitment and Supply Chain Company U','private_sector','Mr. Ō. Placeholder','','','in_person');
CREATE TABLE pointoforder (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	item_id INTEGER, 
	participant_id INTEGER NOT NULL, 
	interrupted_id INTEGER, 
	subject VARCHAR NOT NULL, 
	ruling VARCHAR NOT NULL, 
	raised_at DATETIME NOT NULL, 
	started_at DATETIME, 
	ended_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(participant_id) REFERENCES participant (id)
);
INSERT INTO "pointoforder" VALUES(1,'CD-TIPSOM-SAMPLE-01',5,16,17,'display of the list of speakers in the room not updated','The Chair asked the secretariat to update the display.','2026-07-02 15:10:20.000000','2026-07-02 15:10:20.000000','2026-07-02 15:11:00.000000');
INSERT INTO "pointoforder" VALUES(2,'CD-TIPSOM-SAMPLE-01',5,13,17,'request to confirm the speaking-time limit in force','The Chair confirmed the 180 s limit announced at 4.58 p.m.','2026-07-02 15:10:25.000000','2026-07-02 15:11:00.000000','2026-07-02 15:11:30.000000');
INSERT INTO "pointoforder" VALUES(3,'CD-TIPSOM-SAMPLE-01',5,22,23,'floor audio not reaching online participants','The Chair asked the secretariat to restore the audio feed; once it was restored, the Chair invited the speaker to continue.','2026-07-02 15:36:00.000000','2026-07-02 15:36:00.000000','2026-07-02 15:36:50.000000');
CREATE TABLE presence (
	meeting_id VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	seen_at DATETIME NOT NULL, 
	PRIMARY KEY (meeting_id, role), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE TABLE suspension (
	id INTEGER NOT NULL, 
	meeting_id VARCHAR NOT NULL, 
	item_id INTEGER, 
	suspended_at DATETIME NOT NULL, 
	resumed_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
INSERT INTO "suspension" VALUES(1,'CD-TIPSOM-SAMPLE-01',4,'2026-07-02 13:42:00.000000','2026-07-02 13:52:00.000000');
CREATE INDEX ix_participant_meeting_id ON participant (meeting_id);
CREATE INDEX ix_agendaitem_meeting_id ON agendaitem (meeting_id);
CREATE INDEX ix_suspension_meeting_id ON suspension (meeting_id);
CREATE INDEX ix_logentry_meeting_id ON logentry (meeting_id);
CREATE INDEX ix_intervention_participant_id ON intervention (participant_id);
CREATE INDEX ix_intervention_queue ON intervention (item_id, status, kind, position);
CREATE INDEX ix_intervention_item_id ON intervention (item_id);
CREATE INDEX ix_note_target ON note (item_id, intervention_id);
CREATE INDEX ix_note_seq ON note (meeting_id, seq);
CREATE INDEX ix_pointoforder_meeting_id ON pointoforder (meeting_id);
COMMIT;

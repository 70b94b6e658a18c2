"""Participatory guarantee in the chat: committees, reviewers' roles, checklists, visit requests, co-signatures.

- `pgs_network.norms`: the network's norms document (a link or its text);
- `pgs_reviewer.role`, `.organization_id`, `.committee`, `.named_publicly`: a reviewer is admitted in a role from
  an organization; the committee (network admins) admits reviewers, keeps the checklist and ratifies visits;
- `pgs_checklist` and `pgs_norm`: a network's checklist, versioned (a change is a new version);
- `pgs_visit_request` (and its products): an organization asks for a visit; a reviewer takes it;
- `peer_review.stage`, `.request_id`, `.checklist_id`, `.proposal`, `.proposed_at`, `.decided_by_id`,
  `.decided_at`, `.decision_reason`: a visit made in the chat goes draft → signing → proposed → decided;
- `peer_review_answer`, `peer_review_photo`: each norm's answer and observation, and the visit's photos;
- `peer_review_signature.status`, `.answered_at`, `.disagreement`: a co-reviewer signs by pressing agree in
  their own chat;
- `seal_condition`: conditions a visit proposes (no seal yet) and a grant sets (the seal's), with the date to meet them.

What was there before stays true: every review recorded so far was decided when written (stage `decided`), every
signature was given (status `agreed`). Reviewers could act on seals before committees existed: every active
reviewer then sits on their network's committee, and takes the role of their latest signature in it (none if
they never signed).

tortoise-orm 1.1.9 rebuilds a SQLite table for the AlterField of `seal_event.kind` (its description gains
"condition_met") and for some AddFields, and the copy loses the table's unique keys and indexes (see 0005): they
are put back here, on SQLite only.
"""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from market.enums import (
    NormAnswer,
    ReviewerRole,
    ReviewStage,
    SealEventKind,
    SignatureStatus,
    VisitProposal,
    VisitRequestStatus,
)

# (table, unique, columns) that a SQLite rebuild may drop.
SQLITE_INDEXES = (
    ("seal_event", False, ("seal_id", "at")),
    ("peer_review", False, ("seal_id", "visited_on")),
    ("peer_review", False, ("organization_id",)),
    ("peer_review", False, ("network_id", "stage")),
    ("peer_review_signature", True, ("review_id", "person_id")),
    ("pgs_reviewer", True, ("network_id", "person_id")),
)


async def restore_sqlite_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for table, unique, columns in SQLITE_INDEXES:
        await schema_editor.client.execute_script(
            f'CREATE {"UNIQUE " if unique else ""}INDEX IF NOT EXISTS '
            f'"{"uid" if unique else "idx"}_{table}_{"_".join(columns)}" ON "{table}" ({", ".join(columns)})'
        )


async def committees_and_roles_of_existing_reviewers(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "UPDATE pgs_reviewer SET committee = TRUE WHERE active = TRUE;"
        "UPDATE pgs_reviewer SET role = (SELECT s.role FROM peer_review_signature AS s "
        "JOIN peer_review AS r ON r.id = s.review_id "
        "WHERE s.person_id = pgs_reviewer.person_id AND r.network_id = pgs_reviewer.network_id "
        "ORDER BY r.visited_on DESC, s.id DESC LIMIT 1)"
    )


class Migration(migrations.Migration):
    dependencies = [('market', '0028_round_numbers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PeerReviewPhoto',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('review', fields.ForeignKeyField('market.PeerReview', source_field='review_id', db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('file_id', fields.CharField(max_length=255)),
                ('file_unique_id', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'peer_review_photo', 'app': 'market', 'unique_together': (('review_id', 'file_unique_id'),), 'pk_attr': 'id', 'table_description': 'A photo taken at a visit, kept as the Telegram file it was sent as.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PgsChecklist',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('network', fields.ForeignKeyField('market.PgsNetwork', source_field='network_id', db_constraint=True, to_field='id', related_name='checklists', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('created_by', fields.ForeignKeyField('market.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='checklists_made', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pgs_checklist', 'app': 'market', 'unique_together': (('network_id', 'version'),), 'pk_attr': 'id', 'table_description': "One version of a network's checklist: the norms a visit verifies. Never edited: a change is a new version."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PgsNorm',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('checklist', fields.ForeignKeyField('market.PgsChecklist', source_field='checklist_id', db_constraint=True, to_field='id', related_name='norms', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('text', fields.CharField(max_length=300)),
            ],
            options={'table': 'pgs_norm', 'app': 'market', 'unique_together': (('checklist_id', 'position'),), 'pk_attr': 'id', 'table_description': 'A norm of a checklist version, answered yes / no / not applicable at each visit ("semillas propias").'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PeerReviewAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('review', fields.ForeignKeyField('market.PeerReview', source_field='review_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('norm', fields.ForeignKeyField('market.PgsNorm', source_field='norm_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.RESTRICT)),
                ('answer', fields.CharEnumField(description='YES: yes\nNO: no\nNOT_APPLICABLE: na', enum_type=NormAnswer, max_length=16)),
                ('observation', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'peer_review_answer', 'app': 'market', 'unique_together': (('review_id', 'norm_id'),), 'pk_attr': 'id', 'table_description': "A checklist norm's answer at a visit, with what the reviewers observed."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SealCondition',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seal', fields.ForeignKeyField('market.Seal', source_field='seal_id', null=True, db_constraint=True, to_field='id', related_name='conditions', on_delete=OnDelete.CASCADE)),
                ('review', fields.ForeignKeyField('market.PeerReview', source_field='review_id', db_constraint=True, to_field='id', related_name='conditions', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField()),
                ('text', fields.CharField(max_length=300)),
                ('due_on', fields.DateField()),
                ('met_on', fields.DateField(null=True)),
                ('met_by', fields.ForeignKeyField('market.Person', source_field='met_by_id', null=True, db_constraint=True, to_field='id', related_name='conditions_met', on_delete=OnDelete.SET_NULL)),
            ],
            options={'table': 'seal_condition', 'app': 'market', 'unique_together': (('review_id', 'position'),), 'indexes': [Index(fields=['seal_id']), Index(fields=['met_on', 'due_on'])], 'pk_attr': 'id', 'table_description': 'A condition a grant with conditions sets, to be met by a date: the committee finds it met, or is reminded.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VisitRequest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('network', fields.ForeignKeyField('market.PgsNetwork', source_field='network_id', db_constraint=True, to_field='id', related_name='visit_requests', on_delete=OnDelete.RESTRICT)),
                ('organization', fields.ForeignKeyField('market.Organization', source_field='organization_id', db_constraint=True, to_field='id', related_name='visit_requests', on_delete=OnDelete.RESTRICT)),
                ('requested_by', fields.ForeignKeyField('market.Person', source_field='requested_by_id', null=True, db_constraint=True, to_field='id', related_name='visit_requests', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharEnumField(default=VisitRequestStatus.OPEN, description='OPEN: open\nTAKEN: taken\nDONE: done\nWITHDRAWN: withdrawn', enum_type=VisitRequestStatus, max_length=16)),
                ('taken_by', fields.ForeignKeyField('market.Person', source_field='taken_by_id', null=True, db_constraint=True, to_field='id', related_name='visit_requests_taken', on_delete=OnDelete.SET_NULL)),
                ('taken_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pgs_visit_request', 'app': 'market', 'indexes': [Index(fields=['network_id', 'status']), Index(fields=['organization_id', 'status'])], 'pk_attr': 'id', 'table_description': 'An organization asks a network for a visit to some of its products, and one of its reviewers takes it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VisitRequestProduct',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('market.VisitRequest', source_field='request_id', db_constraint=True, to_field='id', related_name='products', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('market.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='visit_requests', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'pgs_visit_request_product', 'app': 'market', 'unique_together': (('request_id', 'product_id'),), 'pk_attr': 'id', 'table_description': 'A product a visit request asks the network to look at.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='PeerReview',
            name='checklist',
            field=fields.ForeignKeyField('market.PgsChecklist', source_field='checklist_id', null=True, db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='decided_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='decided_by',
            field=fields.ForeignKeyField('market.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='reviews_decided', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='decision_reason',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='proposal',
            field=fields.CharEnumField(null=True, description='GRANT: grant\nCONDITIONS: conditions\nDENY: deny', enum_type=VisitProposal, max_length=16),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='proposed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='request',
            field=fields.ForeignKeyField('market.VisitRequest', source_field='request_id', null=True, db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PeerReview',
            name='stage',
            field=fields.CharEnumField(default=ReviewStage.DECIDED, description='DRAFT: draft\nSIGNING: signing\nPROPOSED: proposed\nDECIDED: decided\nWITHDRAWN: withdrawn', db_default=ReviewStage.DECIDED, enum_type=ReviewStage, max_length=16),
        ),
        ops.AddIndex(
            model_name='PeerReview',
            index=Index(fields=['network_id', 'stage']),
        ),
        ops.AddField(
            model_name='PeerReviewSignature',
            name='answered_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='PeerReviewSignature',
            name='disagreement',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='PeerReviewSignature',
            name='status',
            field=fields.CharEnumField(default=SignatureStatus.AGREED, description='INVITED: invited\nAGREED: agreed\nDISAGREED: disagreed', db_default=SignatureStatus.AGREED, enum_type=SignatureStatus, max_length=16),
        ),
        ops.AddField(
            model_name='PgsNetwork',
            name='norms',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AlterModelOptions(
            name='PgsReviewer',
            options={'table': 'pgs_reviewer', 'app': 'market', 'unique_together': (('network_id', 'person_id'),), 'pk_attr': 'id', 'table_description': 'A person a network has accepted as a reviewer, in a role, from an organization. Some sit on its committee.'},
        ),
        ops.AddField(
            model_name='PgsReviewer',
            name='committee',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='PgsReviewer',
            name='named_publicly',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='PgsReviewer',
            name='organization',
            field=fields.ForeignKeyField('market.Organization', source_field='organization_id', null=True, db_constraint=True, to_field='id', related_name='network_reviewers', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PgsReviewer',
            name='role',
            field=fields.CharEnumField(null=True, description='PRODUCER: producer\nCONSUMER: consumer\nTECHNICIAN: technician', enum_type=ReviewerRole, max_length=16),
        ),
        ops.AlterField(
            model_name='SealEvent',
            name='kind',
            field=fields.CharEnumField(description='REQUESTED: requested\nGRANTED: granted\nRENEWED: renewed\nSUSPENDED: suspended\nREINSTATED: reinstated\nREVOKED: revoked\nCONDITION_MET: condition_met', enum_type=SealEventKind, max_length=16),
        ),
            ops.RunPython(committees_and_roles_of_existing_reviewers, ops.RunPython.noop),
        ops.RunPython(restore_sqlite_indexes, ops.RunPython.noop),
    ]

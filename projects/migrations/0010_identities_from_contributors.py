"""Identity and IdentityPair move here from contributors: the syncs that record them are
this app's. Only Django's state moves; the tables keep their names (``db_table``) and rows.
contributors/0011 then drops them from contributors' state and moves their content types."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributors", "0010_hashed_expiring_api_tokens"),
        ("projects", "0009_sync_state_warning"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Identity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("git_email", "git email"),
                                    ("git_name", "git name"),
                                    ("github", "GitHub login"),
                                    ("jira", "JIRA user"),
                                    ("apache", "Apache id"),
                                ],
                                max_length=16,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "value",
                            models.CharField(
                                help_text="Normalized: lower-cased, trimmed.",
                                max_length=320,
                                verbose_name="value",
                            ),
                        ),
                        (
                            "display",
                            models.CharField(
                                blank=True,
                                help_text="The first spelling seen.",
                                max_length=320,
                                verbose_name="as seen",
                            ),
                        ),
                        (
                            "link_source",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "unresolved"),
                                    ("manual", "linked by hand"),
                                    ("rule", "linked by a resolution rule"),
                                    ("demo", "demo data"),
                                ],
                                default="",
                                max_length=16,
                                verbose_name="linked by",
                            ),
                        ),
                        (
                            "account_id",
                            models.BigIntegerField(
                                blank=True,
                                help_text="GitHub's numeric id of the account behind a GitHub login.",
                                null=True,
                                verbose_name="account id",
                            ),
                        ),
                        (
                            "account_id_source",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not known"),
                                    ("github", "GitHub's API"),
                                    ("commit_email", "a commit's noreply email"),
                                ],
                                default="",
                                max_length=16,
                                verbose_name="account id from",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="first seen"),
                        ),
                        (
                            "contributor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="identities",
                                to="contributors.contributor",
                                verbose_name="contributor",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "identity",
                        "verbose_name_plural": "identities",
                        "db_table": "contributors_identity",
                        "ordering": ["kind", "value"],
                    },
                ),
                migrations.AlterField(
                    model_name="activitymonth",
                    name="identity",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="activity_months",
                        to="projects.identity",
                        verbose_name="unresolved identity",
                    ),
                ),
                migrations.AlterField(
                    model_name="commit",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="authored_commits",
                        to="projects.identity",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="commit",
                    name="committer",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="committed_commits",
                        to="projects.identity",
                        verbose_name="committer",
                    ),
                ),
                migrations.AlterField(
                    model_name="commitcredit",
                    name="identity",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="commit_credits",
                        to="projects.identity",
                        verbose_name="identity",
                    ),
                ),
                migrations.AlterField(
                    model_name="issue",
                    name="assignee",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assigned_issues",
                        to="projects.identity",
                        verbose_name="assignee",
                    ),
                ),
                migrations.AlterField(
                    model_name="issue",
                    name="creator",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="created_issues",
                        to="projects.identity",
                        verbose_name="creator",
                    ),
                ),
                migrations.AlterField(
                    model_name="issue",
                    name="reporter",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reported_issues",
                        to="projects.identity",
                        verbose_name="reporter",
                    ),
                ),
                migrations.AlterField(
                    model_name="issuecomment",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issue_comments",
                        to="projects.identity",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="pullrequest",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="authored_pull_requests",
                        to="projects.identity",
                        verbose_name="author",
                    ),
                ),
                migrations.AlterField(
                    model_name="pullrequest",
                    name="merged_by",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="merged_pull_requests",
                        to="projects.identity",
                        verbose_name="merged by",
                    ),
                ),
                migrations.AlterField(
                    model_name="review",
                    name="reviewer",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="projects.identity",
                        verbose_name="reviewer",
                    ),
                ),
                migrations.AlterField(
                    model_name="reviewcomment",
                    name="author",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="review_comments",
                        to="projects.identity",
                        verbose_name="author",
                    ),
                ),
                migrations.CreateModel(
                    name="IdentityPair",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "occurrences",
                            models.PositiveIntegerField(
                                default=1, verbose_name="times seen together"
                            ),
                        ),
                        (
                            "first",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="projects.identity",
                                verbose_name="identity",
                            ),
                        ),
                        (
                            "second",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="projects.identity",
                                verbose_name="seen with",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "identity pair",
                        "verbose_name_plural": "identity pairs",
                        "db_table": "contributors_identitypair",
                    },
                ),
                migrations.AddIndex(
                    model_name="identity",
                    index=models.Index(
                        condition=models.Q(("account_id__isnull", False)),
                        fields=["account_id"],
                        name="identity_account_id",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="identity",
                    constraint=models.UniqueConstraint(
                        fields=("kind", "value"),
                        name="identity_unique_kind_value",
                        violation_error_message="This identity is already recorded.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="identity",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("value", ""), _negated=True),
                        name="identity_value_not_empty",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="identity",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("account_id__isnull", True), ("account_id_source", "")),
                            models.Q(
                                ("account_id__isnull", False),
                                ("kind", "github"),
                                models.Q(("account_id_source", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="identity_account_id_on_github_logins",
                    ),
                ),
                migrations.AddIndex(
                    model_name="identitypair",
                    index=models.Index(fields=["second"], name="identity_pair_second"),
                ),
                migrations.AddConstraint(
                    model_name="identitypair",
                    constraint=models.UniqueConstraint(
                        fields=("first", "second"), name="identity_pair_unique"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="identitypair",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("first__lt", models.F("second"))),
                        name="identity_pair_ordered",
                    ),
                ),
            ],
        ),
    ]

/* dimse-build.c — command sets built for sending: one builder per request
 * a service sends, and the response to any request (PS3.7 Annex E). */
#include "config.h"

#include <string.h>

#include "dimse.h"
#include "textbuf.h"

#define VERIFICATION_CLASS "1.2.840.10008.1.1"

/* Zeroes c and sets the fields every request has. */
static void
request(struct dcb_dimse_cmd *c, uint16_t command, uint16_t message_id, bool has_data)
{
	memset(c, 0, sizeof *c);
	c->command = command;
	c->data_set_type = has_data ? DCB_DATASET_PRESENT : DCB_DATASET_ABSENT;
	c->message_id = message_id;
	c->present = DCB_F_MESSAGE_ID;
}

static void
affected(struct dcb_dimse_cmd *c, const char *sop_class, const char *sop_instance)
{
	dcb_copy_cut(c->affected_sop_class, sizeof c->affected_sop_class, sop_class);
	c->present |= DCB_F_AFFECTED_SOP_CLASS;
	if (sop_instance != NULL) {
		dcb_copy_cut(c->affected_sop_instance, sizeof c->affected_sop_instance,
		             sop_instance);
		c->present |= DCB_F_AFFECTED_SOP_INSTANCE;
	}
}

static void
requested(struct dcb_dimse_cmd *c, const char *sop_class, const char *sop_instance)
{
	dcb_copy_cut(c->requested_sop_class, sizeof c->requested_sop_class, sop_class);
	dcb_copy_cut(c->requested_sop_instance, sizeof c->requested_sop_instance, sop_instance);
	c->present |= DCB_F_REQUESTED_SOP_CLASS | DCB_F_REQUESTED_SOP_INSTANCE;
}

static void
priority(struct dcb_dimse_cmd *c, uint16_t p)
{
	c->priority = p;
	c->present |= DCB_F_PRIORITY;
}

void
dcb_dimse_echo_rq(struct dcb_dimse_cmd *c, uint16_t message_id)
{
	request(c, DCB_C_ECHO_RQ, message_id, false);
	affected(c, VERIFICATION_CLASS, NULL);
}

/* The response to rq (may be NULL) taken as a request of kind command. */
static void
answer(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t command,
       uint16_t status)
{
	struct dcb_dimse_cmd q = {0};

	if (rq != NULL)
		q = *rq;
	q.command = command;
	dcb_dimse_rsp_for(c, &q, status);
}

void
dcb_dimse_echo_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t status)
{
	answer(c, rq, DCB_C_ECHO_RQ, status);
	affected(c, VERIFICATION_CLASS, NULL);
}

void
dcb_dimse_store_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                   const char *sop_instance, uint16_t prio)
{
	request(c, DCB_C_STORE_RQ, message_id, true);
	affected(c, sop_class, sop_instance != NULL ? sop_instance : "");
	priority(c, prio);
}

void
dcb_dimse_store_rsp(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *rq, uint16_t status)
{
	answer(c, rq, DCB_C_STORE_RQ, status);
}

/* C-FIND, C-MOVE and C-GET requests: an identifier follows. */
static void
query(struct dcb_dimse_cmd *c, uint16_t command, uint16_t message_id, const char *sop_class,
      uint16_t prio)
{
	request(c, command, message_id, true);
	affected(c, sop_class, NULL);
	priority(c, prio);
}

void
dcb_dimse_find_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                  uint16_t prio)
{
	query(c, DCB_C_FIND_RQ, message_id, sop_class, prio);
}

void
dcb_dimse_move_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                  uint16_t prio, const char *destination)
{
	query(c, DCB_C_MOVE_RQ, message_id, sop_class, prio);
	dcb_copy_cut(c->move_destination, sizeof c->move_destination, destination);
	c->present |= DCB_F_MOVE_DESTINATION;
}

void
dcb_dimse_get_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                 uint16_t prio)
{
	query(c, DCB_C_GET_RQ, message_id, sop_class, prio);
}

void
dcb_dimse_cancel_rq(struct dcb_dimse_cmd *c, uint16_t message_id)
{
	request(c, DCB_C_CANCEL_RQ, 0, false);
	c->message_id_responded = message_id;
	c->present = DCB_F_MESSAGE_ID_RESPONDED;
}

void
dcb_dimse_set_sub_operations(struct dcb_dimse_cmd *c, uint16_t remaining, uint16_t completed,
                             uint16_t failed, uint16_t warning)
{
	c->n_remaining = remaining;
	c->n_completed = completed;
	c->n_failed = failed;
	c->n_warning = warning;
	c->present |= DCB_F_SUB_OPERATIONS;
}

void
dcb_dimse_event_report_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                          const char *sop_instance, uint16_t event_type_id, bool has_data)
{
	request(c, DCB_N_EVENT_REPORT_RQ, message_id, has_data);
	affected(c, sop_class, sop_instance != NULL ? sop_instance : "");
	c->event_type_id = event_type_id;
	c->present |= DCB_F_EVENT_TYPE_ID;
}

void
dcb_dimse_n_get_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                   const char *sop_instance, const uint32_t *attribute_ids, unsigned n)
{
	request(c, DCB_N_GET_RQ, message_id, false);
	requested(c, sop_class, sop_instance);
	if (n > DCB_DIMSE_MAX_ATTRIBUTE_IDS)
		n = DCB_DIMSE_MAX_ATTRIBUTE_IDS;
	if (attribute_ids != NULL && n > 0) {
		memcpy(c->attribute_ids, attribute_ids, n * sizeof *attribute_ids);
		c->n_attribute_ids = (uint8_t)n;
		c->present |= DCB_F_ATTRIBUTE_IDS;
	}
}

void
dcb_dimse_n_set_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                   const char *sop_instance)
{
	request(c, DCB_N_SET_RQ, message_id, true);
	requested(c, sop_class, sop_instance);
}

void
dcb_dimse_action_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                    const char *sop_instance, uint16_t action_type_id, bool has_data)
{
	request(c, DCB_N_ACTION_RQ, message_id, has_data);
	requested(c, sop_class, sop_instance);
	c->action_type_id = action_type_id;
	c->present |= DCB_F_ACTION_TYPE_ID;
}

void
dcb_dimse_create_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                    const char *sop_instance, bool has_data)
{
	request(c, DCB_N_CREATE_RQ, message_id, has_data);
	affected(c, sop_class, sop_instance);
}

void
dcb_dimse_delete_rq(struct dcb_dimse_cmd *c, uint16_t message_id, const char *sop_class,
                    const char *sop_instance)
{
	request(c, DCB_N_DELETE_RQ, message_id, false);
	requested(c, sop_class, sop_instance);
}

/* Copies one UID of rq into the response when the response defines it. */
static void
answer_uid(struct dcb_dimse_cmd *c, uint32_t uses, uint32_t field, char *dst,
           const char *affected_uid, const char *requested_uid)
{
	const char *src = affected_uid[0] != '\0' ? affected_uid : requested_uid;

	if ((uses & field) && src[0] != '\0') {
		memcpy(dst, src, DCB_UID_SIZE);
		c->present |= field;
	}
}

int
dcb_dimse_rsp_for(struct dcb_dimse_cmd *c, const struct dcb_dimse_cmd *request, uint16_t status)
{
	const struct dcb_dimse_cmd copy = *request, *rq = &copy; /* c may be request */
	const struct dcb_dimse_command_info *ri = dcb_dimse_command_info(rq->command);
	const struct dcb_dimse_command_info *info;
	uint32_t uses = DCB_F_AFFECTED_SOP_CLASS; /* all a response to the unknown may carry */

	memset(c, 0, sizeof *c);
	if (dcb_dimse_is_response(rq->command) || (ri != NULL && ri->response == 0))
		return DCB_ERR_USAGE;
	c->command = ri != NULL ? ri->response : (uint16_t)(rq->command | 0x8000);
	info = dcb_dimse_command_info(c->command);
	if (info != NULL)
		uses = info->required | info->optional;
	c->data_set_type = DCB_DATASET_ABSENT;
	c->message_id_responded = rq->message_id;
	c->status = status;
	c->present = DCB_F_MESSAGE_ID_RESPONDED | DCB_F_STATUS;
	answer_uid(c, uses, DCB_F_AFFECTED_SOP_CLASS, c->affected_sop_class,
	           rq->affected_sop_class, rq->requested_sop_class);
	answer_uid(c, uses, DCB_F_AFFECTED_SOP_INSTANCE, c->affected_sop_instance,
	           rq->affected_sop_instance, rq->requested_sop_instance);
	if ((uses & DCB_F_EVENT_TYPE_ID) && (rq->present & DCB_F_EVENT_TYPE_ID)) {
		c->event_type_id = rq->event_type_id;
		c->present |= DCB_F_EVENT_TYPE_ID;
	}
	if ((uses & DCB_F_ACTION_TYPE_ID) && (rq->present & DCB_F_ACTION_TYPE_ID)) {
		c->action_type_id = rq->action_type_id;
		c->present |= DCB_F_ACTION_TYPE_ID;
	}
	return 0;
}

uint16_t
dcb_dimse_unsupported_status(const struct dcb_dimse_cmd *rq, bool class_supported)
{
	const struct dcb_dimse_command_info *info = dcb_dimse_command_info(rq->command);

	if (info == NULL || class_supported)
		return 0x0211; /* Unrecognized operation */
	if (rq->command >= DCB_N_EVENT_REPORT_RQ && rq->command <= DCB_N_DELETE_RQ)
		return 0x0118; /* No such SOP class: the N-services */
	return 0x0122;         /* Refused: SOP class not supported */
}

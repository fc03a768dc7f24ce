# Twilio alerts
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"  #!clean
TWILIO_API_KEY = "{{!twilio-api-key:pt-20}}"  #!flag:AG101
TWILIO_AUTH_TOKEN = "{{!twilio-auth-token:pt-21}}"  #!flag:AG101
SENDGRID_KEY = "{{!sendgrid:pt-22}}"  #!flag:AG101
STRIPE_TEST_KEY = "{{!stripe-test:pt-23}}"  #!flag:AG101
